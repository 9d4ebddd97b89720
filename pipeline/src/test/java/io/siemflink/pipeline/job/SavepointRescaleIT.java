package io.siemflink.pipeline.job;

import static io.siemflink.pipeline.job.PipelineHarness.count;
import static io.siemflink.pipeline.job.PipelineHarness.events;
import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.pipeline.config.SourceConfig;
import io.siemflink.pipeline.job.PipelineHarness.Totals;
import io.siemflink.pipeline.local.TestOpenSearch;
import io.siemflink.pipeline.model.ParseOutput;
import io.siemflink.pipeline.model.ParseOutputTypeInfo;
import io.siemflink.pipeline.opensearch.OpenSearchClient;
import io.siemflink.pipeline.opensearch.OpenSearchSettings;
import io.siemflink.pipeline.sink.BulkSettings;
import io.siemflink.pipeline.sink.IndexNames;
import io.siemflink.pipeline.sink.OpenSearchSink;
import io.siemflink.pipeline.source.objects.LocalObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault (b): an unbounded job (continuous discovery of a bucket-shaped directory) at parallelism 2 is stopped with a
 * savepoint in the middle of a large object, more objects arrive, and the job resumes from the savepoint at
 * parallelism 1. Every record ends indexed, dead-lettered or skipped exactly once: exact counts per index, each
 * document written exactly once (index operations = documents), and the job's totals exact over both runs.
 */
class SavepointRescaleIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private static final int LARGE = 12_000;
    private static final String NEW_VPC = S3Harness.ACCOUNT_PREFIX
            + "vpcflowlogs/us-east-1/2025/08/22/111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20250822T0900Z_new00001.log.gz";

    @TempDir
    Path tmp;

    /** Paces the first run so that the stop lands inside the large object (stateless; the same uid in both runs). */
    static final class Throttle implements MapFunction<ParseOutput, ParseOutput> {
        private static final long serialVersionUID = 1L;
        static volatile long nanosPerRecord;

        @Override
        public ParseOutput map(ParseOutput o) {
            long n = nanosPerRecord;
            if (n > 0) {
                LockSupport.parkNanos(n);
            }
            return o;
        }
    }

    private static JobClient start(Path dir, OpenSearchSettings os, IndexNames names, int parallelism, String savepoint)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SiemJob.Settings s = new SiemJob.Settings(Duration.ofMillis(500), parallelism, names);
        SiemJob.configure(env, s);
        SourceConfig src = new SourceConfig("rescale", SourceConfig.Kind.FILE, dir.toString(), List.of(), null, true,
                Duration.ofMillis(300), Duration.ofHours(1), null, null, null, null);
        JobSource paced = e -> Sources.objects(new LocalObjectStore(), src, ParserOptions.defaults(), 1L << 30).create(e)
                .map(new Throttle(), ParseOutputTypeInfo.INSTANCE).name("throttle").uid("throttle");
        SiemJob.build(env, List.of(paced), () -> new OpenSearchSink(os, BulkSettings.defaults(), names), s, false);
        StreamGraph graph = env.getStreamGraph();
        if (savepoint != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        }
        return env.executeAsync(graph);
    }

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void stopWithSavepointMidObjectAndResumeAtAnotherParallelism() throws Exception {
        Path dir = S3Harness.sampleWithExtras(Files.createDirectories(tmp.resolve("bucket")), LARGE);
        long sampleVpc = events(PipelineHarness.parseDirectly(S3Harness.sampleBucket()), LogType.VPCFLOW);
        OpenSearchSettings os = OpenSearchSettings.local(TestOpenSearch.get().url());
        OpenSearchClient client = new OpenSearchClient(os);
        IndexNames names = PipelineHarness.uniqueNames("rescale");
        String vpc = names.prefix(LogType.VPCFLOW) + "-*";

        // Run 1, parallelism 2: stopped with a savepoint once the large object is partly indexed.
        Throttle.nanosPerRecord = 500_000;
        long t0 = System.nanoTime();
        JobClient first = start(dir, os, names, 2, null);
        S3Harness.await("part of the large object indexed", Duration.ofSeconds(120),
                () -> S3Harness.countQuietly(client, vpc) >= sampleVpc + 1000);
        String savepoint = first.stopWithSavepoint(false, tmp.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get();
        Totals atSavepoint = Totals.of(first.getJobExecutionResult().get());
        long largeIndexed = count(client, vpc) - sampleVpc;
        assertThat(largeIndexed).as("documents of the large object at the savepoint").isBetween(1L, LARGE - 1L);

        // While the job is stopped, more objects arrive.
        S3Harness.write(dir.resolve(NEW_VPC), S3Harness.gzip(S3Harness.vpcFlowLines(2000, 1755853200L)));
        S3Harness.write(dir.resolve(S3Harness.PLAIN_ELB.replace("2025/06/02", "2025/06/03").replace("plain001", "plain002")),
                new String(S3Harness.plainElb(), java.nio.charset.StandardCharsets.UTF_8).replace("2025-06-02T", "2025-06-03T")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        CollectingSink truth = PipelineHarness.parseDirectly(dir);

        // Run 2, parallelism 1, from the savepoint: the rest of the large object and the new objects.
        Throttle.nanosPerRecord = 0;
        JobClient second = start(dir, os, names, 1, savepoint);
        Totals total;
        try {
            S3Harness.await("every document", Duration.ofSeconds(180), () -> {
                for (LogType t : LogType.values()) {
                    if (S3Harness.countQuietly(client, names.prefix(t) + "-*") != events(truth, t)) {
                        return false;
                    }
                }
                return S3Harness.countQuietly(client, names.deadLetterPrefix() + "-*") == truth.deadLetters.size();
            });
        } finally {
            // Ends the unbounded job with its accumulators: the totals kept in the savepoints, plus run 2.
            second.stopWithSavepoint(false, tmp.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL).get();
            total = Totals.of(second.getJobExecutionResult().get());
        }
        System.out.println(atSavepoint.line("fault (b) at the savepoint (parallelism 2)"));
        System.out.println(total.line("fault (b) after resuming at parallelism 1") + String.format(
                "; large object %d of %d records indexed at the savepoint; %d ms", largeIndexed, LARGE,
                (System.nanoTime() - t0) / 1_000_000));

        assertThat(total).isEqualTo(Totals.of(truth));
        assertThat(total.addsUp()).isTrue();
        assertThat(atSavepoint.addsUp()).isTrue();
        assertThat(atSavepoint.read()).isLessThan(total.read());
        long documents = 0;
        long operations = 0;
        for (LogType t : LogType.values()) {
            String pattern = names.prefix(t) + "-*";
            assertThat(count(client, pattern)).as(t.id()).isEqualTo(events(truth, t));
            documents += count(client, pattern);
            operations += PipelineHarness.indexOperations(client, pattern);
        }
        assertThat(count(client, names.deadLetterPrefix() + "-*")).isEqualTo(truth.deadLetters.size());
        // A savepoint flushes the sink and the source resumes exactly after it: nothing was written twice.
        assertThat(operations).as("index operations").isEqualTo(documents);
        assertThat(PipelineHarness.indexOperations(client, names.deadLetterPrefix() + "-*")).isEqualTo(truth.deadLetters.size());
    }
}
