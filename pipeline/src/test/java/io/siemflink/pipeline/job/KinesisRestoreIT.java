package io.siemflink.pipeline.job;

import static io.siemflink.pipeline.job.PipelineHarness.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.pipeline.job.PipelineHarness.Totals;
import io.siemflink.pipeline.local.TestOpenSearch;
import io.siemflink.pipeline.model.ParseOutput;
import io.siemflink.pipeline.model.ParseOutputTypeInfo;
import io.siemflink.pipeline.opensearch.OpenSearchClient;
import io.siemflink.pipeline.opensearch.OpenSearchSettings;
import io.siemflink.pipeline.sink.BulkSettings;
import io.siemflink.pipeline.sink.IndexNames;
import io.siemflink.pipeline.sink.OpenSearchSink;
import io.siemflink.pipeline.source.kinesis.KinesisMock;
import io.siemflink.pipeline.source.kinesis.KinesisRecordParser;
import io.siemflink.pipeline.source.kinesis.KinesisSourceSettings;
import io.siemflink.pipeline.source.kinesis.KinesisSources;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Fault (e): a job reading a Kinesis stream (kinesis-mock) fails after a checkpoint; the restored source reads the
 * records after the checkpoint's sequence number again. Their documents are overwritten, not added: exact counts per
 * index, every document before the checkpoint written once, and the job's totals exact over both attempts.
 */
class KinesisRestoreIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int LINES = 3000;

    @TempDir
    Path tmp;

    static String vpcLine(int i) {
        long start = 1714564800L + i / 10;
        return "2 111122223333 eni-0a1b2c3d4e5f60718 10.0." + (i / 250 % 250) + "." + (i % 250 + 1) + " 203.0.113.9 "
                + (1024 + i) + " 443 6 10 840 " + start + " " + (start + 60) + " ACCEPT OK";
    }

    static byte[] gzip(String s) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void recordsAfterTheCheckpointAreReadAgainAndOverwriteTheirDocuments() throws Exception {
        KinesisMock mock = KinesisMock.get();
        String stream = "siem-restore-" + Long.toString(System.currentTimeMillis(), 36);
        String arn = mock.createStream(stream, 1);
        // A garbage record (dead letter), a CloudWatch control message (skip), flow lines, and a short line (dead letter).
        List<byte[]> records = new ArrayList<>();
        records.add(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, 0x00, 0x13});
        records.add(gzip("{\"messageType\":\"CONTROL_MESSAGE\",\"owner\":\"CloudwatchLogs\",\"logGroup\":\"\",\"logStream\":\"\","
                + "\"subscriptionFilters\":[],\"logEvents\":[{\"id\":\"\",\"timestamp\":1714564800000,"
                + "\"message\":\"CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.\"}]}"));
        for (int i = 0; i < LINES; i++) {
            records.add(vpcLine(i).getBytes(StandardCharsets.UTF_8));
        }
        records.add("2 111122223333 eni-0a1b2c3d4e5f60718 10.0.0.1".getBytes(StandardCharsets.UTF_8));
        List<PutRecordsResultEntry> put = new ArrayList<>();
        for (int from = 0; from < records.size(); from += 500) {
            put.addAll(mock.putAll(stream, records.subList(from, Math.min(records.size(), from + 500))));
        }
        // Ground truth: the same bytes through the same parser, in stream order.
        List<ParseOutput> expected = new ArrayList<>();
        KinesisRecordParser direct = new KinesisRecordParser(LogType.VPCFLOW, ParserOptions.defaults());
        for (int i = 0; i < records.size(); i++) {
            direct.parse(records.get(i), arn, put.get(i).shardId(), put.get(i).sequenceNumber(), expected::add);
        }
        long events = expected.stream().filter(o -> o.event() != null).count();
        long deadLetters = expected.stream().filter(o -> o.deadLetter() != null).count();
        assertThat(events).isEqualTo(LINES);
        assertThat(deadLetters).isEqualTo(2);

        OpenSearchSettings os = OpenSearchSettings.local(TestOpenSearch.get().url());
        OpenSearchClient client = new OpenSearchClient(os);
        IndexNames names = PipelineHarness.uniqueNames("kinrestore");
        FailOnce.reset(0);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SiemJob.Settings s = new SiemJob.Settings(Duration.ofMillis(200), 1, names);
        SiemJob.configure(env, s);
        Map<String, String> overrides = new HashMap<>(KinesisSources.staticCredentials(KinesisMock.ACCESS_KEY, KinesisMock.SECRET_KEY));
        overrides.put("flink.shard.discovery.intervalmillis", "500");
        KinesisSourceSettings ks = new KinesisSourceSettings(arn, null, mock.endpoint(),
                KinesisSourceSettings.InitialPosition.TRIM_HORIZON, null, LogType.VPCFLOW, ParserOptions.defaults());
        JobSource failing = e -> e.fromSource(KinesisSources.create(ks, overrides), WatermarkStrategy.noWatermarks(),
                        "source-kinesis", ParseOutputTypeInfo.INSTANCE).uid("source-kinesis")
                .map(new FailOnce(), ParseOutputTypeInfo.INSTANCE).name("fail-once").uid("fail-once");
        SiemJob.build(env, List.of(failing), () -> new OpenSearchSink(os, BulkSettings.defaults(), names), s, false);
        long t0 = System.nanoTime();
        JobClient job = env.executeAsync("kinesis-restore");
        String vpc = names.prefix(LogType.VPCFLOW) + "-*";
        String dl = names.deadLetterPrefix() + "-*";
        JobExecutionResult result;
        try {
            S3Harness.await("every record indexed after the restore", Duration.ofSeconds(200), () -> FailOnce.failedAt > 0
                    && S3Harness.countQuietly(client, vpc) == events && S3Harness.countQuietly(client, dl) == deadLetters);
        } finally {
            // Stopping with a savepoint ends the unbounded job with its accumulators.
            job.stopWithSavepoint(false, tmp.toUri().toString(), SavepointFormatType.CANONICAL).get();
            result = job.getJobExecutionResult().get();
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;

        long failedAt = FailOnce.failedAt;
        long replayed = FailOnce.SEEN.get() - expected.size();
        long restoredAt = failedAt - replayed;
        assertThat(FailOnce.SEEN_AT_CHECKPOINT).as("restored from a checkpoint").containsValue(restoredAt);
        assertThat(replayed).as("records read again").isPositive().isLessThanOrEqualTo(failedAt - FailOnce.lastCompletedAtFailure);

        Totals totals = Totals.of(result);
        System.out.println(totals.line("fault (e) Kinesis re-read after restore") + String.format(
                "; %d records, failed at output %d, restored at %d, %d read again; in %d ms", records.size(), failedAt,
                restoredAt, replayed, millis));
        assertThat(totals).isEqualTo(new Totals(expected.size(), events, deadLetters, 1));
        assertThat(totals.addsUp()).isTrue();
        assertThat(count(client, vpc)).isEqualTo(events);
        assertThat(count(client, dl)).isEqualTo(deadLetters);

        // No duplicate: one document per id; those before the restored position were written once, the rest at most twice.
        Map<String, S3Harness.Doc> docs = S3Harness.allDocs(client, vpc);
        long versions = 0;
        for (int i = 0; i < expected.size(); i++) {
            ParseOutput o = expected.get(i);
            if (o.event() == null) {
                continue;
            }
            S3Harness.Doc d = docs.get(o.event().id());
            assertThat(d).as("document of output %d", i).isNotNull();
            versions += d.version();
            if (i < restoredAt) {
                assertThat(d.version()).as("output %d, before the checkpoint", i).isEqualTo(1);
            } else {
                assertThat(d.version()).as("output %d", i).isBetween(1L, 2L);
            }
        }
        assertThat(docs).hasSize((int) events);
        assertThat(versions - events).as("documents written twice").isBetween(0L, replayed);
    }
}
