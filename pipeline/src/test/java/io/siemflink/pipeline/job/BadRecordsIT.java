package io.siemflink.pipeline.job;

import static io.siemflink.pipeline.job.PipelineHarness.count;
import static io.siemflink.pipeline.job.PipelineHarness.events;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.Dispatcher;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Parsers;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.SourceRef;
import io.siemflink.pipeline.job.PipelineHarness.Totals;
import io.siemflink.pipeline.local.TestOpenSearch;
import io.siemflink.pipeline.opensearch.OpenSearchClient;
import io.siemflink.pipeline.opensearch.OpenSearchSettings;
import io.siemflink.pipeline.sink.BulkSettings;
import io.siemflink.pipeline.sink.IndexNames;
import io.siemflink.pipeline.sink.OpenSearchSink;
import io.siemflink.pipeline.source.TestS3;
import io.siemflink.pipeline.source.objects.ObjectSource;
import io.siemflink.pipeline.source.objects.PrefixScan;
import io.siemflink.pipeline.source.objects.S3ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fault (f) and hostile input through the job: every class of bad record the parsers know, each in its own S3 object
 * (s3proxy) between good records, into a real OpenSearch. Each bad record is dead-lettered exactly once, with its
 * reason and original bytes, or counted as a skip where that is the documented behaviour; the good records around it
 * are indexed; the job's totals and the index counts are exact. Includes a gzip bomb against the decompressed-size
 * cap and a CloudTrail record with 100,000 fields.
 */
class BadRecordsIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final long MAX_OBJECT_BYTES = 64L << 20;
    private static final String CT = "bad/AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T0800Z_";
    private static final String VPC = "bad/AWSLogs/111122223333/vpcflowlogs/us-east-1/2025/08/20/"
            + "111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20250820T0835Z_";
    private static final String ELB = "bad/AWSLogs/111122223333/elasticloadbalancing/us-east-1/2025/06/01/"
            + "111122223333_elasticloadbalancing_us-east-1_app.shop-prod-alb.4f1b2c3d4e5f6a7b_20250601T1000Z_10.0.1.5_";

    /** What one object must become: events, dead letters by reason code (in order), skips by reason. */
    record Expect(int events, List<String> deadLetters, List<String> skips) {
        static Expect of(int events, String... deadLetters) {
            return new Expect(events, List.of(deadLetters), List.of());
        }

        Expect skipping(String... reasons) {
            return new Expect(events, deadLetters, List.of(reasons));
        }
    }

    static String ct(String id, String extra) {
        return "{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-05-01T08:00:0" + id.length() % 10 + "Z\","
                + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"awsRegion\":\"us-east-1\","
                + "\"eventID\":\"bad-" + id + "\"" + extra + "}";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] gzipZeros(long bytes) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b, 1 << 16)) {
            byte[] zeros = new byte[1 << 20];
            for (long n = 0; n < bytes; n += zeros.length) {
                g.write(zeros);
            }
        }
        return b.toByteArray();
    }

    @Test
    void everyClassOfBadRecordIsDeadLetteredOnceAndTheGoodOnesAroundItAreIndexed() throws Exception {
        String vpcHeader = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n";
        String vpcGood = new String(S3Harness.vpcFlowLines(3, 1755680000L), StandardCharsets.UTF_8).substring(vpcHeader.length());
        String elbGood = new String(S3Harness.plainElb(), StandardCharsets.UTF_8).lines().findFirst().orElseThrow()
                .replace("2025-06-02T", "2025-06-01T");
        StringBuilder params = new StringBuilder("{");
        for (int i = 0; i < 100_000; i++) {
            params.append(i > 0 ? "," : "").append('"').append(Integer.toString(i, 36)).append("\":1");
        }
        Random random = new Random(42);
        StringBuilder noise = new StringBuilder(); // incompressible: the cut below lands inside the second record
        for (int i = 0; i < 40_000; i++) {
            noise.append((char) ('a' + random.nextInt(26)));
        }
        byte[] truncated = S3Harness.gzip(utf8("{\"Records\":[" + ct("t1", "") + "," + ct("t2", ",\"padding\":\""
                + noise + "\"") + "," + ct("t3", "") + "]}"));
        byte[] garbage = new byte[4096];
        random.nextBytes(garbage);
        byte[] nonUtf8 = {'2', ' ', '1', '1', '1', (byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, ' ', 'A', 'C', 'C'};

        Map<String, byte[]> objects = new LinkedHashMap<>();
        Map<String, Expect> expect = new LinkedHashMap<>();
        put(objects, expect, CT + "truncated.json.gz", Arrays.copyOf(truncated, truncated.length * 2 / 3),
                Expect.of(1, "truncated_input"));
        put(objects, expect, CT + "invalidjson.json", utf8(ct("j1", "") + "\n{\"eventVersion\":\"1.08\",\"eventTime\":\n" + ct("j2", "") + "\n"),
                Expect.of(2, "invalid_json"));
        put(objects, expect, CT + "deep.json", utf8(ct("d1", "") + "\n" + ct("d2", ",\"requestParameters\":" + "[".repeat(500)
                + "]".repeat(500)) + "\n"), Expect.of(1, "invalid_json"));
        put(objects, expect, CT + "nofields.json", utf8("{\"Records\":[" + ct("f1", ",\"requestParameters\":" + params + "}") + "]}"),
                Expect.of(1));
        put(objects, expect, VPC + "short.log", utf8(vpcHeader + vpcGood + "2 111122223333 eni-0b1c2d3e4f5a6b7c8 10.0.0.1\n"),
                Expect.of(3, "field_count").skipping("header_line"));
        put(objects, expect, VPC + "nonutf8.log", concat(utf8(vpcHeader + vpcGood), nonUtf8, utf8("\n")),
                Expect.of(3, "invalid_utf8").skipping("header_line"));
        put(objects, expect, VPC + "garbage.log", garbage, null);
        put(objects, expect, ELB + "quote.log", utf8(elbGood + "\n" + elbGood.substring(0, elbGood.indexOf("\"aws-sdk-java") + 5) + "\n"), Expect.of(1, "unterminated_quote"));
        put(objects, expect, ELB + "short.log", utf8("http 2025-06-01T10:00:00.000000Z app/shop-prod-alb/4f1b2c3d4e5f6a7b\n"),
                Expect.of(0, "too_few_fields"));
        put(objects, expect, ELB + "12mb.log", concat(utf8(elbGood + "\n"), utf8("x".repeat(12 << 20)),
                utf8("\n" + elbGood.replace("2025-06-01T", "2025-06-03T") + "\n")), Expect.of(2, "too_long"));
        put(objects, expect, VPC + "bomb.log.gz", gzipZeros(256L << 20), Expect.of(0, "too_long"));
        put(objects, expect, "bad/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/01/"
                + "111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20240501T080000Z.json.gz",
                S3Harness.gzip(utf8("{\"awsAccountId\":\"111122223333\",\"digestStartTime\":\"2024-05-01T07:00:00Z\"}")),
                Expect.of(0).skipping("cloudtrail digest file"));
        put(objects, expect, "bad/cloudwatch/control-message.json", utf8("{\"messageType\":\"CONTROL_MESSAGE\",\"owner\":\"CloudwatchLogs\","
                + "\"logGroup\":\"\",\"logStream\":\"\",\"subscriptionFilters\":[],\"logEvents\":[{\"id\":\"\",\"timestamp\":1714564800000,"
                + "\"message\":\"CWL CONTROL MESSAGE: Checking health of destination Firehose.\"}]}"),
                Expect.of(0).skipping("cloudwatch_control_message"));
        put(objects, expect, "bad/misc/notes.txt", utf8("hello, these are not logs\n"), Expect.of(0, "unknown_type"));
        put(objects, expect, "bad/misc/empty.log", new byte[0], Expect.of(0).skipping("empty_object"));

        TestS3 s3 = TestS3.get();
        String bucket = s3.uniqueBucket("badrecords");
        // Ground truth: the same bytes through the parsers, object by object; first checked against what each must become.
        CollectingSink truth = new CollectingSink();
        Map<String, CollectingSink> perObject = new TreeMap<>();
        for (Map.Entry<String, byte[]> o : objects.entrySet()) {
            s3.put(bucket, o.getKey(), o.getValue());
            CollectingSink one = new CollectingSink();
            new Dispatcher(new Parsers(ParserOptions.defaults()), null, MAX_OBJECT_BYTES).parseObject(
                    new ByteArrayInputStream(o.getValue()), SourceRef.s3(bucket, o.getKey()), one);
            perObject.put(o.getKey(), one);
            truth.events.addAll(one.events);
            truth.deadLetters.addAll(one.deadLetters);
            truth.skips.addAll(one.skips);
            Expect e = expect.get(o.getKey());
            if (e == null) { // random bytes: whatever they are, never an event, never nothing
                assertThat(one.events).isEmpty();
                assertThat(one.deadLetters).isNotEmpty();
                continue;
            }
            assertThat(one.events).as("events of %s", o.getKey()).hasSize(e.events());
            assertThat(one.deadLetters).extracting(DeadLetter::reasonCode).as("dead letters of %s", o.getKey())
                    .containsExactlyElementsOf(e.deadLetters());
            assertThat(one.skips).extracting(Skip::reason).as("skips of %s", o.getKey()).containsExactlyElementsOf(e.skips());
        }

        OpenSearchSettings os = OpenSearchSettings.local(TestOpenSearch.get().url());
        OpenSearchClient client = new OpenSearchClient(os);
        IndexNames names = PipelineHarness.uniqueNames("badrecords");
        S3ObjectStore store = new S3ObjectStore(s3.settings());
        ObjectSource source = new ObjectSource(store, new PrefixScan(store, bucket, List.of("bad/"), null, false,
                Duration.ofSeconds(1), Duration.ofHours(1), null), ParserOptions.defaults(), MAX_OBJECT_BYTES);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SiemJob.Settings s = new SiemJob.Settings(Duration.ofSeconds(1), 2, names);
        SiemJob.configure(env, s);
        SiemJob.build(env, List.of(Sources.of("bad", source)), () -> new OpenSearchSink(os, BulkSettings.defaults(), names), s, false);
        Totals totals = Totals.of(env.execute("bad-records"));
        System.out.println(totals.line("fault (f) every class of bad record") + "; dead letters by reason "
                + reasons(truth));

        assertThat(totals).isEqualTo(Totals.of(truth));
        assertThat(totals.addsUp()).isTrue();
        for (LogType t : LogType.values()) {
            assertThat(count(client, names.prefix(t) + "-*")).as(t.id()).isEqualTo(events(truth, t));
        }
        // Each dead letter exactly once, with its reason, place and original bytes.
        String dlPattern = names.deadLetterPrefix() + "-*";
        assertThat(count(client, dlPattern)).isEqualTo(truth.deadLetters.size());
        JsonNode hits = PipelineHarness.search(client, dlPattern, "{\"size\":1000,\"query\":{\"match_all\":{}}}")
                .path("hits").path("hits");
        Map<String, Integer> stored = new HashMap<>();
        for (JsonNode h : hits) {
            JsonNode d = h.path("_source").path("deadletter");
            assertThat(d.path("stage").asText()).isEqualTo("parse");
            byte[] original = d.has("original") ? utf8(d.path("original").asText())
                    : Base64.getDecoder().decode(d.path("original_base64").asText());
            stored.merge(signature(d.path("source").asText(), d.path("reason").asText(), d.path("line").asLong(-1),
                    d.path("original_length").asLong(), original), 1, Integer::sum);
        }
        Map<String, Integer> expected = new HashMap<>();
        for (DeadLetter d : truth.deadLetters) {
            expected.merge(signature(d.source().name(), d.reason(), d.line(), d.originalLength(), d.original()), 1, Integer::sum);
        }
        assertThat(stored).isEqualTo(expected);
        assertThat(expected.values()).containsOnly(1);

        // The overlong line keeps its head and its true length; the bomb stopped at the cap; non-UTF-8 bytes kept exactly.
        DeadLetter longLine = perObject.get(ELB + "12mb.log").deadLetters.get(0);
        assertThat(longLine.originalLength()).isEqualTo(12 << 20);
        assertThat(longLine.original()).hasSize(DeadLetter.MAX_ORIGINAL_BYTES);
        assertThat(perObject.get(VPC + "bomb.log.gz").deadLetters.get(0).reason())
                .contains("too_large: decompressed size exceeds the limit of " + MAX_OBJECT_BYTES);
        assertThat(perObject.get(VPC + "nonutf8.log").deadLetters.get(0).original()).isEqualTo(nonUtf8);
        // 100,000 fields: indexed, the parameters kept as capped text, no object (no mapping explosion in OpenSearch).
        JsonNode wide = PipelineHarness.search(client, names.prefix(LogType.CLOUDTRAIL) + "-*",
                "{\"query\":{\"ids\":{\"values\":[\"" + io.siemflink.parsers.event.DocIds.of(LogType.CLOUDTRAIL, "bad-f1") + "\"]}}}").path("hits").path("hits");
        assertThat(wide).hasSize(1);
        JsonNode cloudtrail = wide.get(0).path("_source").path("aws").path("cloudtrail");
        assertThat(cloudtrail.path("request_parameters").asText()).hasSize(ParserOptions.DEFAULT_MAX_PARAMETER_CHARS);
        assertThat(cloudtrail.path("flattened").has("request_parameters")).isFalse();
    }

    private static void put(Map<String, byte[]> objects, Map<String, Expect> expect, String key, byte[] bytes, Expect e) {
        objects.put(key, bytes);
        expect.put(key, e);
    }

    private static String signature(String source, String reason, long line, long length, byte[] original) {
        return source + " | " + reason + " | line " + line + " | " + length + " bytes | " + Arrays.hashCode(original);
    }

    private static Map<String, Long> reasons(CollectingSink s) {
        Map<String, Long> m = new TreeMap<>();
        s.deadLetters.forEach(d -> m.merge(d.reasonCode(), 1L, Long::sum));
        return m;
    }
}
