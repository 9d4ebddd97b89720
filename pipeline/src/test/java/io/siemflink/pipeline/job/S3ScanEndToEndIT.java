package io.siemflink.pipeline.job;

import static io.siemflink.pipeline.job.PipelineHarness.count;
import static io.siemflink.pipeline.job.PipelineHarness.events;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.event.Event;
import io.siemflink.pipeline.config.SourceConfig;
import io.siemflink.pipeline.local.TestOpenSearch;
import io.siemflink.pipeline.opensearch.OpenSearchClient;
import io.siemflink.pipeline.opensearch.OpenSearchSettings;
import io.siemflink.pipeline.sink.BulkSettings;
import io.siemflink.pipeline.sink.IndexNames;
import io.siemflink.pipeline.sink.OpenSearchSink;
import io.siemflink.pipeline.source.TestS3;
import io.siemflink.pipeline.source.objects.S3ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on a MiniCluster reading a real S3 API (s3proxy) into a real OpenSearch: a bounded prefix scan of
 * the bucket-shaped sample (plus an object larger than the reader's handover and a plain-text one) with exact
 * documents per family, dead letters and types; and continuous discovery picking up objects uploaded while the
 * job runs.
 */
class S3ScanEndToEndIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Pattern ISO = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");

    @TempDir
    Path tmp;

    static StreamExecutionEnvironment job(TestS3 s3, SourceConfig source, OpenSearchSettings os, IndexNames names,
                                          int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SiemJob.Settings s = new SiemJob.Settings(Duration.ofSeconds(1), parallelism, names);
        SiemJob.configure(env, s);
        SiemJob.build(env, List.of(Sources.objects(new S3ObjectStore(s3.settings()), source, ParserOptions.defaults(), 1L << 30)),
                () -> new OpenSearchSink(os, BulkSettings.defaults(), names), s, false);
        return env;
    }

    @Test
    void indexesABucketPrefixExactly() throws Exception {
        TestS3 s3 = TestS3.get();
        Path dir = S3Harness.sampleWithExtras(Files.createDirectories(tmp.resolve("bucket")), 6000);
        CollectingSink truth = PipelineHarness.parseDirectly(dir);
        String bucket = s3.uniqueBucket("scan");
        List<String> keys = s3.uploadTree(dir, bucket, "ingest/");
        assertThat(keys).contains("ingest/" + S3Harness.LARGE_VPC, "ingest/" + S3Harness.PLAIN_ELB);
        // Outside the prefix: must not be read. A "folder" marker inside it: listed by S3, but no object to read.
        s3.put(bucket, "elsewhere/" + S3Harness.PLAIN_ELB, S3Harness.plainElb());
        s3.put(bucket, "ingest/AWSLogs/111122223333/folder/", new byte[0]);

        OpenSearchSettings os = OpenSearchSettings.local(TestOpenSearch.get().url());
        OpenSearchClient client = new OpenSearchClient(os);
        IndexNames names = PipelineHarness.uniqueNames("s3scan");
        SourceConfig source = S3Harness.s3Source("s3", bucket, List.of("ingest/"), false, Duration.ofSeconds(1));

        long t0 = System.nanoTime();
        JobExecutionResult result = job(s3, source, os, names, 2).execute("s3-scan");
        System.out.printf("S3 scan: %d records in %d ms (s3proxy started in %d ms)%n", truth.total(),
                (System.nanoTime() - t0) / 1_000_000, s3.startTime().toMillis());

        long read = result.<Long>getAccumulatorResult(ToIndexActions.ACC_READ);
        long events = result.<Long>getAccumulatorResult(ToIndexActions.ACC_EVENTS);
        long dead = result.<Long>getAccumulatorResult(ToIndexActions.ACC_DEAD_LETTERS);
        long skipped = result.<Long>getAccumulatorResult(ToIndexActions.ACC_SKIPPED);
        assertThat(read).isEqualTo(truth.total()).isEqualTo(events + dead + skipped);
        assertThat(events).isEqualTo(truth.events.size());
        assertThat(dead).isEqualTo(truth.deadLetters.size()).isGreaterThan(0);
        assertThat(skipped).isEqualTo(truth.skips.size()).isGreaterThan(0);

        // Every event document, exactly: the same ids, the same bodies, in the index of its event time.
        Map<LogType, Map<String, S3Harness.Doc>> byType = new EnumMap<>(LogType.class);
        for (LogType t : LogType.values()) {
            Map<String, JsonNode> expected = S3Harness.expectedDocs(truth, t);
            Map<String, S3Harness.Doc> docs = S3Harness.allDocs(client, names.prefix(t) + "-*");
            byType.put(t, docs);
            assertThat(docs.size()).as(t.id()).isEqualTo(events(truth, t)).isEqualTo(expected.size()).isGreaterThan(0);
            assertThat(docs.keySet()).as(t.id()).isEqualTo(expected.keySet());
            for (Map.Entry<String, JsonNode> e : expected.entrySet()) {
                assertThat(docs.get(e.getKey()).source()).as(t.id() + " " + e.getKey()).isEqualTo(e.getValue());
                assertThat(docs.get(e.getKey()).version()).as("written once").isEqualTo(1);
            }
        }
        for (Event e : truth.events) {
            assertThat(byType.get(e.type()).get(e.id()).index()).isEqualTo(names.events(e.type(), e.timestamp()));
        }

        // The large object (more records than the handover holds) and the plain-text one, by content.
        CollectingSink large = S3Harness.parse(S3Harness.LARGE_VPC, Files.readAllBytes(dir.resolve(S3Harness.LARGE_VPC)));
        assertThat(large.events).hasSize(6000);
        JsonNode first = byType.get(LogType.VPCFLOW).get(large.events.get(0).id()).source();
        assertThat(first.path("source").path("ip").asText()).isEqualTo("10.1.0.1");
        assertThat(first.path("destination").path("ip").asText()).isEqualTo("203.0.113.1");
        assertThat(first.path("source").path("port").isIntegralNumber()).isTrue();
        assertThat(first.path("source").path("port").asLong()).isEqualTo(1024);
        assertThat(first.path("destination").path("port").asLong()).isEqualTo(443);
        assertThat(first.path("network").path("bytes").isIntegralNumber()).isTrue();
        assertThat(first.path("event").path("action").asText()).isNotEmpty();
        assertThat(first.path("@timestamp").asText()).matches(ISO).startsWith("2025-08-21T09:00:30");
        JsonNode last = byType.get(LogType.VPCFLOW).get(large.events.get(5999).id()).source();
        assertThat(last.path("source").path("port").asLong()).isEqualTo(1024 + 5999);
        CollectingSink plain = S3Harness.parse(S3Harness.PLAIN_ELB, S3Harness.plainElb());
        assertThat(plain.events).hasSizeGreaterThan(100);
        for (Event e : plain.events) {
            S3Harness.Doc d = byType.get(LogType.ELB).get(e.id());
            assertThat(d.index()).isEqualTo(names.prefix(LogType.ELB) + "-2025-06-02");
            assertThat(d.source().path("http").path("response").path("status_code").isIntegralNumber()).isTrue();
            assertThat(d.source().path("@timestamp").asText()).matches(ISO).startsWith("2025-06-02T");
        }

        // Types the mapping relies on, in every document: numbers are numbers, @timestamp is ISO-8601 UTC.
        for (LogType t : LogType.values()) {
            for (S3Harness.Doc d : byType.get(t).values()) {
                assertThat(d.source().path("@timestamp").asText()).as(t.id()).matches(ISO);
                assertThat(d.source().path("ecs").path("version").isTextual()).isTrue();
            }
        }
        // (NODATA/SKIPDATA flow records and some ELB lines carry no ports or sizes: present means numeric.)
        assertThat(byType.get(LogType.VPCFLOW).values()).allSatisfy(d -> {
            assertNumberIfPresent(d.source().path("source").path("port"));
            assertNumberIfPresent(d.source().path("network").path("packets"));
            assertNumberIfPresent(d.source().path("network").path("bytes"));
        }).anySatisfy(d -> assertThat(d.source().path("source").path("port").isIntegralNumber()).isTrue());
        assertThat(byType.get(LogType.ELB).values()).allSatisfy(d -> {
            assertNumberIfPresent(d.source().path("http").path("response").path("status_code"));
            assertNumberIfPresent(d.source().path("http").path("response").path("body").path("bytes"));
        }).anySatisfy(d -> assertThat(d.source().path("http").path("response").path("body").path("bytes").isIntegralNumber()).isTrue());
        assertThat(byType.get(LogType.CLOUDTRAIL).values()).anySatisfy(d ->
                assertThat(d.source().path("source").path("ip").isTextual()).isTrue());
        // ... and OpenSearch mapped them so (dynamic mapping: long and date).
        JsonNode mapping = PipelineHarness.JSON.readTree(client.send("GET", "/" + names.prefix(LogType.VPCFLOW)
                + "-*/_mapping/field/source.port,@timestamp", (byte[]) null).body());
        assertThat(mapping.toString()).contains("\"type\":\"long\"").contains("\"type\":\"date\"").doesNotContain("\"type\":\"text\"");

        // Dead letters: as many as the parsers make, each naming its S3 object under the scanned prefix.
        assertThat(count(client, names.deadLetterPrefix() + "-*")).isEqualTo(truth.deadLetters.size());
        JsonNode dl = PipelineHarness.search(client, names.deadLetterPrefix() + "-*",
                "{\"size\":100,\"query\":{\"match_all\":{}}}").path("hits").path("hits");
        List<String> reasons = new ArrayList<>();
        for (JsonNode h : dl) {
            JsonNode d = h.path("_source").path("deadletter");
            assertThat(d.path("stage").asText()).isEqualTo("parse");
            assertThat(d.path("source").asText()).startsWith("s3://" + bucket + "/ingest/AWSLogs/");
            reasons.add(d.path("reason_code").asText());
        }
        assertThat(reasons).containsExactlyInAnyOrderElementsOf(truth.deadLetters.stream().map(DeadLetter::reasonCode).toList());
    }

    @Test
    void watchPicksUpObjectsUploadedWhileTheJobRuns() throws Exception {
        TestS3 s3 = TestS3.get();
        Path sample = S3Harness.sampleBucket();
        String ct0800 = S3Harness.ACCOUNT_PREFIX + "CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T0800Z_Ab12Cd34Ef56Gh78.json.gz";
        String ct0805 = S3Harness.ACCOUNT_PREFIX + "CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T0805Z_Ij90Kl12Mn34Op56.json.gz";
        String vpc = S3Harness.ACCOUNT_PREFIX + "vpcflowlogs/us-east-1/2025/08/20/111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20250820T0835Z_3f2a1b4c.log.gz";
        String bucket = s3.uniqueBucket("watch");
        String prefix = "live/";
        Map<LogType, Long> expected = new EnumMap<>(LogType.class);
        for (LogType t : LogType.values()) {
            expected.put(t, 0L);
        }

        OpenSearchSettings os = OpenSearchSettings.local(TestOpenSearch.get().url());
        OpenSearchClient client = new OpenSearchClient(os);
        IndexNames names = PipelineHarness.uniqueNames("s3watch");
        SourceConfig source = S3Harness.s3Source("s3watch", bucket, List.of(prefix), true, Duration.ofMillis(300));

        upload(s3, bucket, prefix + ct0805, Files.readAllBytes(sample.resolve(ct0805)), expected);
        JobClient job = job(s3, source, os, names, 1).executeAsync("s3-watch");
        try {
            awaitCounts(client, names, expected);
            // While it runs: a late object of the same prefix whose key sorts before what was seen (within the
            // lookback), objects of the other families, and a large plain-text one.
            long t0 = System.nanoTime();
            upload(s3, bucket, prefix + ct0800, Files.readAllBytes(sample.resolve(ct0800)), expected);
            upload(s3, bucket, prefix + S3Harness.SAMPLE_ELB, Files.readAllBytes(sample.resolve(S3Harness.SAMPLE_ELB)), expected);
            upload(s3, bucket, prefix + vpc, Files.readAllBytes(sample.resolve(vpc)), expected);
            upload(s3, bucket, prefix + S3Harness.LARGE_VPC.replace(".log.gz", ".log"), S3Harness.vpcFlowLines(5000, 1755770000L),
                    expected);
            assertThat(expected.values()).allMatch(n -> n > 0);
            awaitCounts(client, names, expected);
            System.out.printf("S3 watch: new objects indexed %d ms after upload%n", (System.nanoTime() - t0) / 1_000_000);

            // Nothing was listed and read twice: every document was written once.
            for (LogType t : LogType.values()) {
                assertThat(S3Harness.allDocs(client, names.prefix(t) + "-*").values())
                        .allSatisfy(d -> assertThat(d.version()).isEqualTo(1));
            }
        } finally {
            job.cancel().get();
        }
    }

    private static void assertNumberIfPresent(JsonNode n) {
        if (!n.isMissingNode()) {
            assertThat(n.isNumber()).as(n.toString()).isTrue();
        }
    }

    private static void upload(TestS3 s3, String bucket, String key, byte[] bytes, Map<LogType, Long> expected) throws Exception {
        CollectingSink truth = S3Harness.parse(key, bytes);
        for (LogType t : LogType.values()) {
            expected.merge(t, events(truth, t), Long::sum);
        }
        s3.put(bucket, key, bytes);
    }

    private static void awaitCounts(OpenSearchClient client, IndexNames names, Map<LogType, Long> expected) throws Exception {
        S3Harness.await("counts " + expected, Duration.ofSeconds(90), () -> {
            for (LogType t : LogType.values()) {
                if (S3Harness.countQuietly(client, names.prefix(t) + "-*") != expected.get(t)) {
                    return false;
                }
            }
            return true;
        });
        for (LogType t : LogType.values()) {
            assertThat(count(client, names.prefix(t) + "-*")).as(t.id()).isEqualTo(expected.get(t));
        }
    }
}
