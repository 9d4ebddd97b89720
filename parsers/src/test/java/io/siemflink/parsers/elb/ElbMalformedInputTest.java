package io.siemflink.parsers.elb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.io.Inputs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Bad input of every kind: each bad record is one dead letter with a reason, good records around it survive. */
class ElbMalformedInputTest {
    static final String GOOD = "https 2025-06-01T10:15:03.101455Z app/shop/4f1b2c3d4e5f6a7b 198.51.100.23:60211 "
            + "10.0.13.14:8443 0.000 0.112 0.001 201 201 1543 389 \"POST https://api.example.com:443/v2/orders HTTP/1.1\" "
            + "\"okhttp/4.12.0\" TLS_AES_128_GCM_SHA256 TLSv1.3 "
            + "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/api/9f8e7d6c5b4a3921 "
            + "\"Root=1-683c2a37-7d6c5b4a39281f0e1d2c3b4a\" \"api.example.com\" \"-\" 5 2025-06-01T10:15:02.988000Z "
            + "\"forward\" \"-\" \"-\" \"10.0.13.14:8443\" \"201\" \"-\" \"-\" TID_0a9b8c7d \"-\" \"-\" \"-\"";

    private final ElbParser parser = new ElbParser(ParserOptions.defaults());

    private CollectingSink parse(byte[] input) {
        CollectingSink sink = new CollectingSink();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            parser.parse(Inputs.open(new ByteArrayInputStream(input)), SourceRef.of("test"), sink);
        });
        return sink;
    }

    private static byte[] lines(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    @Test
    void truncatedGzipKeepsTheLinesBeforeTheCutAndDeadLettersTheRest() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sb.append(GOOD.replace("60211", String.valueOf(1024 + i))).append('\n');
        }
        byte[] gz = gzip(sb.toString().getBytes(StandardCharsets.UTF_8));
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        CollectingSink sink = parse(cut);
        assertThat(sink.events).hasSizeGreaterThan(100).hasSizeLessThan(2000);
        assertThat(sink.deadLetters).hasSize(1);
        assertThat(sink.deadLetters.get(0).reason()).startsWith("truncated_input");
        // Every record before the cut, in order: none merged into another or lost.
        for (int i = 0; i < sink.events.size(); i++) {
            assertThat(sink.events.get(i).getLong(io.siemflink.parsers.event.Field.of("source.port"))).isEqualTo(1024L + i);
        }
        assertThat(sink.deadLetters.get(0).line()).isEqualTo(sink.events.size() + 1);
    }

    @Test
    void shortLinesAreDeadLettersWithTheFieldCount() {
        CollectingSink sink = parse(lines(GOOD, "http 2025-06-01T10:15:03.101455Z app/shop/4f1b 1.2.3.4:5", "tls 2.0",
                "2025-06-01T10:15:03Z", GOOD));
        assertThat(sink.events).hasSize(2);
        assertThat(sink.deadLetters).extracting(DeadLetter::reason).containsExactly(
                "too_few_fields: ALB access log line has 4 fields, at least 18 expected",
                "too_few_fields: NLB TLS access log line has 2 fields, at least 18 expected",
                "unrecognised_format: not an ALB, NLB, classic ELB or ALB connection log line");
        assertThat(sink.deadLetters).extracting(DeadLetter::line).containsExactly(2L, 3L, 4L);
    }

    @Test
    void unterminatedQuoteIsADeadLetter() {
        String cut = GOOD.substring(0, GOOD.indexOf("okhttp") + 3);
        CollectingSink sink = parse(lines(cut, GOOD));
        assertThat(sink.events).hasSize(1);
        assertThat(sink.deadLetters).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("unterminated_quote: field 14 opens a quote that never closes");
            assertThat(d.originalText()).isEqualTo(cut);
        });
    }

    @Test
    void binaryGarbageNeverStopsTheInput() {
        Random r = new Random(42);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(lines(GOOD));
        int garbageLines = 0;
        for (int i = 0; i < 200; i++) {
            byte[] g = new byte[1 + r.nextInt(300)];
            r.nextBytes(g);
            for (int k = 0; k < g.length; k++) {
                if (g[k] == '\n' || g[k] == '\r') {
                    g[k] = '"';
                }
            }
            if (g[0] == ' ' || g[0] == '\t') {
                g[0] = 'x';
            }
            out.writeBytes(g);
            out.write('\n');
            garbageLines++;
        }
        out.writeBytes(lines(GOOD));
        CollectingSink sink = parse(out.toByteArray());
        assertThat(sink.events).hasSize(2);
        assertThat(sink.deadLetters).hasSize(garbageLines);
        assertThat(sink.total()).isEqualTo(garbageLines + 2);
        assertThat(sink.deadLetters).allSatisfy(d -> assertThat(d.reasonCode()).isIn("invalid_utf8",
                "unrecognised_format", "unterminated_quote", "too_few_fields"));
    }

    @Test
    void twelveMegabyteLineIsDeadLetteredAndTheNextLineStillParses() {
        byte[] big = new byte[12 * 1024 * 1024];
        Arrays.fill(big, (byte) 'a');
        byte[] good = lines(GOOD);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(good);
        out.writeBytes(big);
        out.write('\n');
        out.writeBytes(good);
        CollectingSink sink = parse(out.toByteArray());
        assertThat(sink.events).hasSize(2);
        assertThat(sink.deadLetters).singleElement().satisfies(d -> {
            assertThat(d.reason()).startsWith("too_long: line of 12582912 bytes");
            assertThat(d.originalLength()).isEqualTo(12L * 1024 * 1024);
            assertThat(d.originalTruncated()).isTrue();
            assertThat(d.line()).isEqualTo(2);
        });
    }

    @Test
    void nonUtf8BytesAreADeadLetterWithTheOriginalBytes() {
        byte[] bad = GOOD.replace("okhttp", "ok\u00ffhttp").getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bad);
        out.write('\n');
        out.writeBytes(lines(GOOD));
        CollectingSink sink = parse(out.toByteArray());
        assertThat(sink.events).hasSize(1);
        assertThat(sink.deadLetters).singleElement().satisfies(d -> {
            assertThat(d.reasonCode()).isEqualTo("invalid_utf8");
            assertThat(d.original()).isEqualTo(bad);
        });
    }

    @Test
    void validUtf8InAUserAgentIsKept() {
        String ua = "Mozilla/5.0 (Ünïcødé; 日本語)";
        CollectingSink sink = parse(lines(GOOD.replace("okhttp/4.12.0", ua)));
        assertThat(sink.events).singleElement().satisfies(e ->
                assertThat(e.getString("user_agent.original")).isEqualTo(ua));
    }

    @Test
    void blankAndWhitespaceLinesAreCountedSkips() {
        CollectingSink sink = parse(lines(GOOD, "", "   ", GOOD));
        assertThat(sink.events).hasSize(2);
        assertThat(sink.skips).hasSize(2).allSatisfy(s -> assertThat(s.reason()).isEqualTo("blank_line"));
        assertThat(sink.deadLetters).isEmpty();
    }

    @Test
    void wrongTypesInFixedFieldsAreDeadLetters() {
        CollectingSink sink = parse(lines(
                GOOD.replace(" 201 201 ", " 2x1 201 "),
                GOOD.replace("0.112", "fast"),
                GOOD.replace("198.51.100.23:60211", "198.51.100.23:99999"),
                GOOD.replace("198.51.100.23:60211", "not-an-ip:1"),
                GOOD.replace(" 1543 ", " 15k "),
                GOOD.replace("2025-06-01T10:15:02.988000Z", "yesterday-morning-early"),
                GOOD));
        assertThat(sink.events).hasSize(1);
        assertThat(sink.deadLetters).extracting(DeadLetter::reason).containsExactly(
                "invalid_field: elb_status_code '2x1' is not a whole number",
                "invalid_field: target_processing_time 'fast' is not a number",
                "invalid_field: client:port '198.51.100.23:99999' is not ip:port",
                "invalid_field: client:port 'not-an-ip:1' is not ip:port",
                "invalid_field: received_bytes '15k' is not a whole number",
                "invalid_field: request_creation_time 'yesterday-morning-early' is not a timestamp");
    }

    @Test
    void parseRecordHandlesBadRecordsWithoutThrowing() {
        CollectingSink sink = new CollectingSink();
        parser.parseRecord("garbage", SourceRef.of("kinesis"), 7, sink);
        parser.parseRecord("", SourceRef.of("kinesis"), 8, sink);
        parser.parseRecord(null, SourceRef.of("kinesis"), 9, sink);
        parser.parseRecord("x".repeat(2 * 1024 * 1024), SourceRef.of("kinesis"), 10, sink);
        parser.parseRecord(GOOD + "\r\n", SourceRef.of("kinesis"), 11, sink);
        assertThat(sink.total()).isEqualTo(5);
        assertThat(sink.deadLetters).extracting(DeadLetter::reasonCode).containsExactly("unrecognised_format", "too_long");
        assertThat(sink.deadLetters).extracting(DeadLetter::line).containsExactly(8L, 11L);
        assertThat(sink.skips).hasSize(2);
        assertThat(sink.events).singleElement().satisfies(e -> {
            assertThat(e.position()).isEqualTo(11);
            assertThat(e.original()).isEqualTo(GOOD);
        });
    }
}
