package io.siemflink.pipeline.job;

import static io.siemflink.pipeline.job.PipelineHarness.count;
import static io.siemflink.pipeline.job.PipelineHarness.events;
import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.event.Event;
import io.siemflink.pipeline.config.SourceConfig;
import io.siemflink.pipeline.job.PipelineHarness.Totals;
import io.siemflink.pipeline.local.LocalOpenSearch;
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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault (c): OpenSearch is killed (SIGKILL) while the job is indexing, stays down for 60 s while the job keeps
 * running, and is restarted on the same port and data folder. The sink retries until it is back: every record ends
 * indexed, dead-lettered or skipped, no document is missing or duplicated, and the job's totals are exact.
 *
 * <p>Uses its own OpenSearch node: the shared one of the other tests is never disturbed.
 */
class OpenSearchOutageIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final int LARGE = 12_000;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 420, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void openSearchKilledForAMinuteMidRunLosesNothing() throws Exception {
        Path dir = S3Harness.sampleWithExtras(Files.createDirectories(tmp.resolve("bucket")), LARGE);
        CollectingSink truth = PipelineHarness.parseDirectly(dir);
        Path zip = Path.of(System.getProperty("opensearch.zip", "target/dist/opensearch.zip"));
        Path install = Path.of(System.getProperty("java.io.tmpdir"), "siemflink-opensearch-install");
        Path data = Files.createTempDirectory("siemflink-os-kill-");
        data.toFile().setExecutable(true, false);
        data.toFile().setReadable(true, false);
        LocalOpenSearch node = LocalOpenSearch.start(zip, install, data, 0, "512m");
        try {
            OpenSearchSettings os = OpenSearchSettings.local(node.url());
            OpenSearchClient client = new OpenSearchClient(os);
            IndexNames names = PipelineHarness.uniqueNames("outage");
            // Small requests and a short backoff cap: the test waits less after the node is back (defaults: 30 s).
            BulkSettings bulk = new BulkSettings(500, 5L << 20, Duration.ofMillis(500), 2, Duration.ofMillis(100),
                    Duration.ofSeconds(5), 20);
            SavepointRescaleIT.Throttle.nanosPerRecord = 300_000; // the large object takes a few seconds to read

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            SiemJob.Settings s = new SiemJob.Settings(Duration.ofMillis(500), 2, names);
            SiemJob.configure(env, s);
            SourceConfig src = new SourceConfig("outage", SourceConfig.Kind.FILE, dir.toString(), List.of(), null, false,
                    Duration.ofMillis(300), Duration.ofHours(1), null, null, null, null);
            JobSource paced = e -> Sources.objects(new LocalObjectStore(), src, ParserOptions.defaults(), 1L << 30).create(e)
                    .map(new SavepointRescaleIT.Throttle(), ParseOutputTypeInfo.INSTANCE).name("throttle").uid("throttle");
            SiemJob.build(env, List.of(paced), () -> new OpenSearchSink(os, bulk, names), s, false);
            long t0 = System.nanoTime();
            JobClient job = env.executeAsync("opensearch-outage");

            String vpc = names.prefix(LogType.VPCFLOW) + "-*";
            S3Harness.await("indexing under way", Duration.ofSeconds(120), () -> S3Harness.countQuietly(client, vpc) >= 1000);
            long atKill = S3Harness.countQuietly(client, vpc);
            node.kill();
            S3Harness.await("OpenSearch gone", Duration.ofSeconds(30), () -> !node.isAlive());
            long killedAfter = (System.nanoTime() - t0) / 1_000_000;
            Thread.sleep(OUTAGE.toMillis());
            assertThat(job.getJobStatus().get()).as("the job waits for OpenSearch").isEqualTo(JobStatus.RUNNING);
            LocalOpenSearch restarted = LocalOpenSearch.start(zip, install, data, node.port(), "512m");
            assertThat(restarted.url()).isEqualTo(node.url());
            long back = System.nanoTime();

            Totals totals = Totals.of(job.getJobExecutionResult().get(180, TimeUnit.SECONDS));
            long caughtUpMillis = (System.nanoTime() - back) / 1_000_000;
            System.out.println(totals.line("fault (c) OpenSearch killed for " + OUTAGE.toSeconds() + " s") + String.format(
                    "; killed %d ms into the run with %d of %d flow documents indexed; job done %d ms after the restart",
                    killedAfter, atKill, events(truth, LogType.VPCFLOW), caughtUpMillis));
            assertThat(atKill).as("killed mid-run").isBetween(1000L, events(truth, LogType.VPCFLOW) - 1);
            assertThat(totals).isEqualTo(Totals.of(truth));
            assertThat(totals.addsUp()).isTrue();
            // Exactly the expected documents: as many as expected ids, and every expected id present.
            for (LogType t : LogType.values()) {
                List<String> ids = truth.events.stream().filter(e -> e.type() == t).map(Event::id).distinct().toList();
                String pattern = names.prefix(t) + "-*";
                assertThat(count(client, pattern)).as(t.id()).isEqualTo(ids.size());
                assertThat(S3Harness.countIds(client, pattern, ids)).as(t.id() + " expected ids").isEqualTo(ids.size());
            }
            assertThat(count(client, names.deadLetterPrefix() + "-*")).isEqualTo(truth.deadLetters.size());
        } finally {
            SavepointRescaleIT.Throttle.nanosPerRecord = 0;
            LocalOpenSearch.attach(data).ifPresent(n -> {
                try {
                    n.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            node.kill();
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
