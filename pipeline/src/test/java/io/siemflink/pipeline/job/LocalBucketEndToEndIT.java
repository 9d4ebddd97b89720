package io.siemflink.pipeline.job;

import static io.siemflink.pipeline.job.PipelineHarness.count;
import static io.siemflink.pipeline.job.PipelineHarness.events;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.testing.TestPaths;
import io.siemflink.pipeline.config.SourceConfig;
import io.siemflink.pipeline.local.TestOpenSearch;
import io.siemflink.pipeline.opensearch.OpenSearchClient;
import io.siemflink.pipeline.opensearch.OpenSearchSettings;
import io.siemflink.pipeline.sink.BulkSettings;
import io.siemflink.pipeline.sink.IndexNames;
import io.siemflink.pipeline.sink.OpenSearchSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job on a MiniCluster: the bucket-shaped sample in test-data/bucket into a real OpenSearch, with exact
 * counts per index, dead letters in the dead-letter index, and a second run that adds nothing.
 */
class LocalBucketEndToEndIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static JobExecutionResult run(Path bucket, OpenSearchSettings os, IndexNames names, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SiemJob.Settings s = new SiemJob.Settings(Duration.ofSeconds(1), parallelism, names);
        SiemJob.configure(env, s);
        SourceConfig source = SourceConfig.parse("bucket", bucket.toString());
        SiemJob.build(env, List.of(Sources.objects(new io.siemflink.pipeline.source.objects.LocalObjectStore(), source,
                ParserOptions.defaults(), 1L << 30)), () -> new OpenSearchSink(os, BulkSettings.defaults(), names), s, false);
        return env.execute("siem-e2e");
    }

    @Test
    void indexesTheSampleBucketExactlyAndARerunAddsNothing() throws Exception {
        Path bucket = TestPaths.testData().resolve("bucket");
        CollectingSink truth = PipelineHarness.parseDirectly(bucket);
        OpenSearchSettings os = OpenSearchSettings.local(TestOpenSearch.get().url());
        OpenSearchClient client = new OpenSearchClient(os);
        IndexNames names = PipelineHarness.uniqueNames("e2e");

        JobExecutionResult result = run(bucket, os, names, 2);

        long read = result.<Long>getAccumulatorResult(ToIndexActions.ACC_READ);
        long events = result.<Long>getAccumulatorResult(ToIndexActions.ACC_EVENTS);
        long dead = result.<Long>getAccumulatorResult(ToIndexActions.ACC_DEAD_LETTERS);
        long skipped = result.<Long>getAccumulatorResult(ToIndexActions.ACC_SKIPPED);
        assertThat(read).isEqualTo(truth.total()).isEqualTo(events + dead + skipped);
        assertThat(events).isEqualTo(truth.events.size());
        assertThat(dead).isEqualTo(truth.deadLetters.size()).isGreaterThan(0);
        assertThat(skipped).isEqualTo(truth.skips.size()).isGreaterThan(0);

        for (LogType t : LogType.values()) {
            assertThat(count(client, names.prefix(t) + "-*")).as(t.id()).isEqualTo(events(truth, t)).isGreaterThan(0);
        }
        assertThat(count(client, names.deadLetterPrefix() + "-*")).isEqualTo(truth.deadLetters.size());

        // Field spot checks on what landed.
        JsonNode ct = PipelineHarness.search(client, names.prefix(LogType.CLOUDTRAIL) + "-*",
                "{\"size\":1,\"query\":{\"exists\":{\"field\":\"event.action\"}}}").path("hits").path("hits").get(0);
        assertThat(ct.path("_index").asText()).startsWith(names.prefix(LogType.CLOUDTRAIL) + "-2024-05-");
        assertThat(ct.path("_source").path("event").path("provider").asText()).endsWith(".amazonaws.com");
        JsonNode dl = PipelineHarness.search(client, names.deadLetterPrefix() + "-*",
                "{\"size\":10,\"query\":{\"match_all\":{}}}").path("hits").path("hits");
        assertThat(dl).allSatisfy(h -> {
            assertThat(h.path("_source").path("deadletter").path("stage").asText()).isEqualTo("parse");
            assertThat(h.path("_source").path("deadletter").path("reason").asText()).isNotEmpty();
        });

        // A replay of everything (a restored job, a re-notified object) overwrites: the counts stay.
        run(bucket, os, names, 1);
        for (LogType t : LogType.values()) {
            assertThat(count(client, names.prefix(t) + "-*")).as(t.id() + " after rerun").isEqualTo(events(truth, t));
        }
        assertThat(count(client, names.deadLetterPrefix() + "-*")).isEqualTo(truth.deadLetters.size());
    }
}
