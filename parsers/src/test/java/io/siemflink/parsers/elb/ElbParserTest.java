package io.siemflink.parsers.elb;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Parsers;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.DocIds;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.EventJson;
import io.siemflink.parsers.event.Timestamp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ElbParserTest {
    private static final String ALB = ElbMalformedInputTest.GOOD;
    private final ElbParser parser = new ElbParser(ParserOptions.defaults());

    private Event one(String line) {
        CollectingSink sink = new CollectingSink();
        parser.parseRecord(line, SourceRef.of("t"), 0, sink);
        assertThat(sink.deadLetters).isEmpty();
        assertThat(sink.events).hasSize(1);
        return sink.events.get(0);
    }

    @Test
    void registeredForElbAndItsAliases() {
        assertThat(new Parsers(ParserOptions.defaults()).get(LogType.fromName("alb"))).isInstanceOf(ElbParser.class);
        assertThat(parser.type()).isEqualTo(LogType.ELB);
    }

    @Test
    void idIsTheHashOfTheRawLineAndTimestampKeepsMicroseconds() throws IOException {
        CollectingSink sink = new CollectingSink();
        byte[] bytes = (ALB + "\n" + ALB + "\n").getBytes(StandardCharsets.UTF_8);
        parser.parse(new ByteArrayInputStream(bytes), SourceRef.of("f"), sink);
        assertThat(sink.events).hasSize(2);
        Event e = sink.events.get(0);
        assertThat(e.id()).isEqualTo(DocIds.of(LogType.ELB, ALB)).isEqualTo(sink.events.get(1).id());
        assertThat(e.position()).isEqualTo(0);
        assertThat(sink.events.get(1).position()).isEqualTo(1);
        assertThat(e.timestamp()).isEqualTo(Timestamp.parse("2025-06-01T10:15:03.101455Z"));
        assertThat(e.get("event.original")).isNull();
        assertThat(e.original()).isEqualTo(ALB);
        assertThat(one(ALB).id()).isEqualTo(e.id());
    }

    @Test
    void keepOriginalWritesEventOriginal() {
        CollectingSink sink = new CollectingSink();
        new ElbParser(ParserOptions.defaults().withKeepOriginal(true)).parseRecord(ALB, SourceRef.of("t"), 0, sink);
        assertThat(sink.events.get(0).getString("event.original")).isEqualTo(ALB);
    }

    @Test
    void numbersAreNumbersAndDashesAreAbsent() {
        Event e = one(ALB);
        assertThat(e.get("http.response.status_code")).isEqualTo(201L);
        assertThat(e.get("aws.elb.backend.port")).isEqualTo(8443L);
        assertThat(e.get("aws.elb.backend_processing_time.sec")).isEqualTo(0.112);
        assertThat(e.get("aws.elb.chosen_cert.arn")).isNull();
        assertThat(e.get("aws.elb.redirect_url")).isNull();
        assertThat(e.get("aws.elb.conn_trace_id")).isEqualTo("TID_0a9b8c7d");
        assertThat(e.get("event.category")).isEqualTo(List.of("web"));
        assertThat(e.get("event.dataset")).isEqualTo("aws.elb_logs");
        assertThat(e.get("cloud.account.id")).isEqualTo("111122223333");
        assertThat(e.get("cloud.region")).isEqualTo("eu-west-1");
    }

    @Test
    void keyGivesAccountAndRegionWhenTheRecordHasNone() {
        String noArn = ALB.replace("arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/api/9f8e7d6c5b4a3921", "-");
        CollectingSink sink = new CollectingSink();
        parser.parseRecord(noArn, SourceRef.s3("b", "AWSLogs/444455556666/elasticloadbalancing/us-east-1/2025/06/01/x.log.gz"), 0, sink);
        Event e = sink.events.get(0);
        assertThat(e.get("cloud.account.id")).isEqualTo("444455556666");
        assertThat(e.get("cloud.region")).isEqualTo("us-east-1");
        assertThat(e.get("aws.elb.target_group.arn")).isNull();
    }

    @Test
    void unknownFutureRequestTypeStillParsesAsAlb() {
        Event e = one(ALB.replaceFirst("^https", "h3"));
        assertThat(e.get("aws.elb.type")).isEqualTo("h3");
        assertThat(e.get("http.response.status_code")).isEqualTo(201L);
    }

    @Test
    void gluedQuoteEndsTheFieldAndEscapedQuotesAreUnescaped() {
        Event e = one(ALB.replace("\"api.example.com\" \"-\" 5", "\"api.example.com\" \"-\"5")
                .replace("okhttp/4.12.0", "say \\\"hi\\\" \\\\ bye"));
        assertThat(e.get("aws.elb.matched_rule_priority")).isEqualTo("5");
        assertThat(e.get("event.start")).isEqualTo(Timestamp.parse("2025-06-01T10:15:02.988Z"));
        assertThat(e.get("user_agent.original")).isEqualTo("say \"hi\" \\ bye");
    }

    @Test
    void tlsVersions() {
        assertThat(one(ALB.replace("TLSv1.3", "TLSv1")).get("tls.version")).isEqualTo("1.0");
        assertThat(one(ALB.replace("TLSv1.3", "TLSv1.1")).get("tls.version")).isEqualTo("1.1");
        Event ssl = one(ALB.replace("TLSv1.3", "SSLv3"));
        assertThat(ssl.get("tls.version")).isEqualTo("3.0");
        assertThat(ssl.get("tls.version_protocol")).isEqualTo("ssl");
        Event odd = one(ALB.replace("TLSv1.3", "QUIC"));
        assertThat(odd.get("aws.elb.ssl_protocol")).isEqualTo("QUIC");
        assertThat(odd.get("tls.version")).isNull();
    }

    @Test
    void requestLineVariants() {
        Event noProto = one(ALB.replace("POST https://api.example.com:443/v2/orders HTTP/1.1", "GET http://h:8080/a b c"));
        assertThat(noProto.get("url.original")).isEqualTo("http://h:8080/a b c");
        assertThat(noProto.get("http.version")).isNull();
        assertThat(noProto.get("url.port")).isEqualTo(8080L);
        Event userinfo = one(ALB.replace("https://api.example.com:443/v2/orders", "https://bob:secret@api.example.com/x.tar.gz?a=1"));
        assertThat(userinfo.get("url.username")).isEqualTo("bob");
        assertThat(userinfo.get("url.domain")).isEqualTo("api.example.com");
        assertThat(userinfo.get("url.port")).isNull();
        assertThat(userinfo.get("url.extension")).isEqualTo("gz");
        assertThat(userinfo.get("url.query")).isEqualTo("a=1");
        Event methodOnly = one(ALB.replace("POST https://api.example.com:443/v2/orders HTTP/1.1", "PRI"));
        assertThat(methodOnly.get("http.request.method")).isEqualTo("PRI");
        assertThat(methodOnly.get("url.original")).isNull();
    }

    @Test
    void serialisesToValidNestedJson() {
        String json = EventJson.toJson(one(ALB));
        assertThat(json).startsWith("{\"@timestamp\":\"2025-06-01T10:15:03.101455Z\",\"aws\":{\"elb\":{");
        assertThat(json).contains("\"backend\":{\"http\":{\"response\":{\"status_code\":201}},\"ip\":\"10.0.13.14\",\"port\":8443}");
    }

    @Test
    void oneParserIsSafeAcrossThreads() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            sb.append(ALB.replace("60211", String.valueOf(10000 + i))).append('\n');
        }
        byte[] input = sb.toString().getBytes(StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<CollectingSink>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    CollectingSink s = new CollectingSink();
                    parser.parse(new ByteArrayInputStream(input), SourceRef.of("t"), s);
                    return s;
                }));
            }
            for (Future<CollectingSink> f : futures) {
                CollectingSink s = f.get();
                assertThat(s.deadLetters).as("dead letters").isEmpty();
                assertThat(s.events).hasSize(500);
                for (int i = 0; i < 500; i++) {
                    assertThat(s.events.get(i).get("source.port")).isEqualTo(10000L + i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
