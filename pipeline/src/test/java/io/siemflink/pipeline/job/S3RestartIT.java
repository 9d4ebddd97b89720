package io.siemflink.pipeline.job;

import static io.siemflink.pipeline.job.PipelineHarness.count;
import static io.siemflink.pipeline.job.PipelineHarness.events;
import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.event.Event;
import io.siemflink.pipeline.config.SourceConfig;
import io.siemflink.pipeline.local.TestOpenSearch;
import io.siemflink.pipeline.model.ParseOutput;
import io.siemflink.pipeline.model.ParseOutputTypeInfo;
import io.siemflink.pipeline.opensearch.OpenSearchClient;
import io.siemflink.pipeline.opensearch.OpenSearchSettings;
import io.siemflink.pipeline.sink.BulkSettings;
import io.siemflink.pipeline.sink.IndexNames;
import io.siemflink.pipeline.sink.OpenSearchSink;
import io.siemflink.pipeline.source.TestS3;
import io.siemflink.pipeline.source.objects.ObjectSource;
import io.siemflink.pipeline.source.objects.PrefixScan;
import io.siemflink.pipeline.source.objects.S3ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job reading S3 fails once in the middle of an object, after a checkpoint inside that object completed; it
 * restarts from the checkpoint and ends with exact documents, none duplicated, and only the records after the
 * checkpoint sent again: the reader resumed inside the object instead of re-reading it.
 */
class S3RestartIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int LARGE = 8000;

    @TempDir
    Path tmp;

    @Test
    void failsOnceMidObjectAndResumesInsideItFromTheCheckpoint() throws Exception {
        TestS3 s3 = TestS3.get();
        Path dir = S3Harness.sampleWithExtras(Files.createDirectories(tmp.resolve("bucket")), LARGE);
        CollectingSink truth = PipelineHarness.parseDirectly(dir);
        CollectingSink large = S3Harness.parse(S3Harness.LARGE_VPC, Files.readAllBytes(dir.resolve(S3Harness.LARGE_VPC)));
        String bucket = s3.uniqueBucket("restart");
        List<String> keys = s3.uploadTree(dir, bucket, "r/");
        // One reader reads objects in key order: the large object is the last one.
        assertThat(keys.get(keys.size() - 1)).isEqualTo("r/" + S3Harness.LARGE_VPC);
        long beforeLarge = truth.total() - large.total();
        FailOnce.reset(beforeLarge);
        LogCapture readerLog = LogCapture.attach("io.siemflink.pipeline.source.objects.ObjectReader");

        OpenSearchSettings os = OpenSearchSettings.local(TestOpenSearch.get().url());
        OpenSearchClient client = new OpenSearchClient(os);
        IndexNames names = PipelineHarness.uniqueNames("s3restart");
        SourceConfig src = S3Harness.s3Source("s3r", bucket, List.of("r/"), false, Duration.ofSeconds(1));
        S3ObjectStore store = new S3ObjectStore(s3.settings());
        ObjectSource source = new ObjectSource(store, new PrefixScan(store, bucket, src.prefixes(), null, false, src.interval(),
                src.lookback(), null), ParserOptions.defaults(), 1L << 30);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SiemJob.Settings s = new SiemJob.Settings(Duration.ofMillis(200), 1, names);
        SiemJob.configure(env, s);
        JobSource failing = e -> Sources.of("s3r", source).create(e).map(new FailOnce(), ParseOutputTypeInfo.INSTANCE)
                .name("fail-once").uid("fail-once");
        SiemJob.build(env, List.of(failing), () -> new OpenSearchSink(os, BulkSettings.defaults(), names), s, false);
        long t0 = System.nanoTime();
        PipelineHarness.Totals totals = PipelineHarness.Totals.of(env.execute("s3-restart"));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        readerLog.detach();
        // Closing the failed reader stops its worker (blocked on the full handover): that is no parser failure.
        assertThat(readerLog.lines()).noneMatch(l -> l.contains("parser failure") || l.contains("ReaderClosed"));

        // It failed where intended: inside the large object, after a checkpoint inside it had completed.
        long failedAt = FailOnce.failedAt;
        long checkpointed = FailOnce.lastCompletedAtFailure;
        assertThat(failedAt).as("the injected failure happened").isGreaterThan(beforeLarge);
        assertThat(checkpointed).isGreaterThan(beforeLarge + 100).isLessThan(failedAt);
        // Outputs seen = before the failure + after the restore; what the restored checkpoint covered follows.
        long replayed = FailOnce.SEEN.get() - truth.total();
        long restoredAt = failedAt - replayed;
        System.out.printf("S3 restart: %d records in %d ms; failed at %d, restored at %d (latest completed checkpoint known"
                + " at failure: %d), %d records sent again%n", truth.total(), millis, failedAt, restoredAt, checkpointed, replayed);
        assertThat(FailOnce.SEEN_AT_CHECKPOINT).as("restored from a checkpoint").containsValue(restoredAt);
        assertThat(restoredAt).isGreaterThanOrEqualTo(checkpointed);
        assertThat(replayed).isPositive().isLessThanOrEqualTo(failedAt - checkpointed);

        // The job's totals are kept in checkpoints: exact over both attempts, the records sent again counted once.
        System.out.println(totals.line("fault (a) task failure after a checkpoint, restart"));
        assertThat(totals).isEqualTo(PipelineHarness.Totals.of(truth));
        assertThat(totals.addsUp()).isTrue();

        // Exact documents, none duplicated.
        for (LogType t : LogType.values()) {
            assertThat(count(client, names.prefix(t) + "-*")).as(t.id()).isEqualTo(events(truth, t));
        }
        assertThat(count(client, names.deadLetterPrefix() + "-*")).isEqualTo(truth.deadLetters.size());
        Map<String, S3Harness.Doc> vpc = S3Harness.allDocs(client, names.prefix(LogType.VPCFLOW) + "-*");
        assertThat(vpc.keySet()).isEqualTo(S3Harness.expectedDocs(truth, LogType.VPCFLOW).keySet());

        // Only the records after the checkpoint were sent again: every document of the large object before the
        // restored position was written once (a re-read of the whole object would have rewritten them all).
        long resumedInside = restoredAt - beforeLarge;
        for (int i = 0; i < LARGE; i++) {
            Event e = large.events.get(i);
            long version = vpc.get(e.id()).version();
            if (i < resumedInside) {
                assertThat(version).as("record %d of the large object (before the checkpoint)", i).isEqualTo(1);
            } else {
                assertThat(version).as("record %d of the large object", i).isBetween(1L, 2L);
            }
        }
        long versions = 0;
        long docs = 0;
        for (LogType t : LogType.values()) {
            for (S3Harness.Doc d : S3Harness.allDocs(client, names.prefix(t) + "-*").values()) {
                versions += d.version();
                docs++;
            }
        }
        assertThat(versions - docs).as("documents written twice").isLessThanOrEqualTo(replayed);
        assertThat(versions).isLessThan(docs + docs / 10);
    }

    @Test
    void anObjectReplacedBeforeTheRestoreEndsAsADeadLetterNotInSilence() throws Exception {
        TestS3 s3 = TestS3.get();
        byte[] original = S3Harness.gzip(S3Harness.vpcFlowLines(LARGE, 1755790000L));
        CollectingSink truth = S3Harness.parse(S3Harness.LARGE_VPC, original);
        String bucket = s3.uniqueBucket("replaced");
        String key = "r/" + S3Harness.LARGE_VPC;
        s3.put(bucket, key, original);
        FailOnce.reset(0);
        // While the job is down, the object is overwritten (a new version, another etag): the restored split,
        // pinned to the etag it listed, cannot read on from where the checkpoint left it.
        FailOnce.beforeFailure = () -> s3.put(bucket, key, S3Harness.gzip(S3Harness.vpcFlowLines(10, 1755799000L)));

        OpenSearchSettings os = OpenSearchSettings.local(TestOpenSearch.get().url());
        OpenSearchClient client = new OpenSearchClient(os);
        IndexNames names = PipelineHarness.uniqueNames("s3replaced");
        S3ObjectStore store = new S3ObjectStore(s3.settings());
        ObjectSource source = new ObjectSource(store, new PrefixScan(store, bucket, List.of("r/"), null, false,
                Duration.ofSeconds(1), Duration.ofHours(1), null), ParserOptions.defaults(), 1L << 30);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SiemJob.Settings s = new SiemJob.Settings(Duration.ofMillis(200), 1, names);
        SiemJob.configure(env, s);
        JobSource failing = e -> Sources.of("s3x", source).create(e).map(new FailOnce(), ParseOutputTypeInfo.INSTANCE)
                .name("fail-once").uid("fail-once");
        SiemJob.build(env, List.of(failing), () -> new OpenSearchSink(os, BulkSettings.defaults(), names), s, false);
        env.execute("s3-replaced");

        assertThat(FailOnce.failedAt).as("the injected failure happened").isPositive();
        // Everything up to the checkpoint is indexed; the rest of the object could not be read, and says so.
        long indexed = count(client, names.prefix(LogType.VPCFLOW) + "-*");
        assertThat(truth.total() - truth.events.size()).isEqualTo(1); // the header line: a skip, counted as an output
        assertThat(indexed).isGreaterThanOrEqualTo(FailOnce.lastCompletedAtFailure - 1).isLessThan(truth.events.size());
        assertThat(count(client, names.deadLetterPrefix() + "-*")).as("dead letter for the unreadable rest").isEqualTo(1);
        String dl = PipelineHarness.search(client, names.deadLetterPrefix() + "-*", "{\"query\":{\"match_all\":{}}}").toString();
        assertThat(dl).contains("object_unavailable").contains("s3://" + bucket + "/" + key);
    }
}
