package io.siemflink.pipeline.job;

import static io.siemflink.pipeline.job.PipelineHarness.count;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.siemflink.detect.Finding;
import io.siemflink.detect.window.BatchDetector;
import io.siemflink.detect.window.BuiltinRules;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.testing.TestPaths;
import io.siemflink.pipeline.config.DetectConfig;
import io.siemflink.pipeline.config.SourceConfig;
import io.siemflink.pipeline.detect.DetectionGraph;
import io.siemflink.pipeline.detect.PerEventDetectors;
import io.siemflink.pipeline.local.TestOpenSearch;
import io.siemflink.pipeline.model.ParseOutput;
import io.siemflink.pipeline.opensearch.IndexSetup;
import io.siemflink.pipeline.opensearch.OpenSearchClient;
import io.siemflink.pipeline.opensearch.OpenSearchSettings;
import io.siemflink.pipeline.sink.BulkSettings;
import io.siemflink.pipeline.sink.IndexNames;
import io.siemflink.pipeline.sink.OpenSearchSink;
import io.siemflink.pipeline.source.objects.LocalObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cross-source scenario (test-data/scenarios/cross-source: a port scan, web probing and a console brute force
 * from one address) through the job on a MiniCluster into the real OpenSearch findings index: the job finds
 * exactly what the batch runner finds in the same events, with the same ids, and a replay adds nothing.
 */
class DetectionIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Path SCENARIO = TestPaths.testData().resolve("scenarios/cross-source");

    private static void run(OpenSearchSettings os, IndexNames names, DetectConfig detect) throws Exception {
        run(os, names, detect, List.of(SourceConfig.parse("scenario", SCENARIO.toString())), true);
    }

    /** @param bounded detection as for a backfill (no watermarks until the end), else as streaming (watermarks) */
    private static void run(OpenSearchSettings os, IndexNames names, DetectConfig detect, List<SourceConfig> sources,
                            boolean bounded) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SiemJob.Settings s = new SiemJob.Settings(Duration.ofSeconds(1), 2, names);
        SiemJob.configure(env, s);
        List<JobSource> jobSources = sources.stream()
                .map(c -> Sources.objects(new LocalObjectStore(), c, ParserOptions.defaults(), 1L << 30)).toList();
        List<DataStream<List<ParseOutput>>> events = SiemJob.build(env, jobSources,
                () -> new OpenSearchSink(os, BulkSettings.defaults(), names), s, true);
        DetectionGraph.attach(events, detect, names, new OpenSearchSink(os, BulkSettings.defaults(), names), bounded);
        env.execute("siem-detect");
    }

    private static IndexNames installedNames(OpenSearchClient client) throws Exception {
        IndexNames names = PipelineHarness.uniqueNames("detect");
        String tag = names.findingsPrefix().substring(0, names.findingsPrefix().indexOf("-siem-findings"));
        new IndexSetup(client, new IndexSetup.Settings(1, 0, "1s", tag, names, names.deadLetterPrefix(),
                names.findingsPrefix(), 0)).install();
        return names;
    }

    /** The ids of what the batch runner finds in the scenario's events. */
    private static Set<String> batchRunnerFindingIds(DetectConfig detect) throws Exception {
        CollectingSink truth = PipelineHarness.parseDirectly(SCENARIO);
        BatchDetector batch = new BatchDetector(PerEventDetectors.create(detect), detect.builtin());
        for (Event e : truth.events) {
            batch.accept(e);
        }
        Set<String> ids = new TreeSet<>();
        batch.finish().forEach(f -> ids.add(f.id));
        return ids;
    }

    private static Set<String> indexedIds(OpenSearchClient client, String pattern) throws Exception {
        Set<String> ids = new TreeSet<>();
        PipelineHarness.search(client, pattern, "{\"size\":1000,\"query\":{\"match_all\":{}}}").path("hits").path("hits")
                .forEach(h -> ids.add(h.path("_id").asText()));
        return ids;
    }

    /** Runs the job over the scenario from {@code sources}; the indexed findings are the batch runner's, by id. */
    private static void findsWhatTheBatchRunnerFinds(List<SourceConfig> sources, boolean bounded) throws Exception {
        OpenSearchSettings os = OpenSearchSettings.local(TestOpenSearch.get().url());
        OpenSearchClient client = new OpenSearchClient(os);
        IndexNames names = installedNames(client);
        DetectConfig detect = DetectConfig.defaults();

        run(os, names, detect, sources, bounded);

        Set<String> expected = batchRunnerFindingIds(detect);
        String pattern = names.findingsPrefix() + "-*";
        assertThat(count(client, pattern)).isEqualTo(expected.size());
        assertThat(indexedIds(client, pattern)).isEqualTo(expected);
    }

    @Test
    void streamingWithWatermarksFindsTheSame() throws Exception {
        // Event time from the batches' events and watermarks as a live job has them (the scenario's events are a few
        // minutes apart, well inside the out-of-orderness, so nothing is late): windows fire on timers as the
        // watermark passes, and the findings are still exactly the batch runner's.
        findsWhatTheBatchRunnerFinds(List.of(SourceConfig.parse("scenario", SCENARIO.toString())), false);
    }

    @Test
    void oneSourcePerFamilyFindsTheSame() throws Exception {
        // Three sources meet in detection (DetectionGraph's union); the correlation still joins the three families'
        // findings (the batch runner's include correlations), and the result is the single-source result.
        List<SourceConfig> perFamily = new ArrayList<>();
        for (String family : List.of("vpcflowlogs", "elasticloadbalancing", "CloudTrail")) {
            SourceConfig all = SourceConfig.parse("scenario-" + family.toLowerCase(java.util.Locale.ROOT), SCENARIO.toString());
            perFamily.add(new SourceConfig(all.name(), all.kind(), all.location(),
                    List.of("AWSLogs/111122223333/" + family + "/"), null, false, all.interval(), all.lookback(), null, null,
                    null, null));
        }
        findsWhatTheBatchRunnerFinds(perFamily, true);
    }

    @Test
    void findsTheScenarioAsTheBatchRunnerDoesAndAReplayAddsNothing() throws Exception {
        OpenSearchSettings os = OpenSearchSettings.local(TestOpenSearch.get().url());
        OpenSearchClient client = new OpenSearchClient(os);
        IndexNames names = installedNames(client);
        DetectConfig detect = DetectConfig.defaults();

        run(os, names, detect);

        // What the batch runner finds in the same events.
        CollectingSink truth = PipelineHarness.parseDirectly(SCENARIO);
        BatchDetector batch = new BatchDetector(PerEventDetectors.create(detect),
                detect.builtin());
        for (Event e : truth.events) {
            batch.accept(e);
        }
        List<Finding> expected = batch.finish();
        Set<String> expectedIds = new TreeSet<>();
        expected.forEach(f -> expectedIds.add(f.id));
        assertThat(expected).extracting(f -> f.ruleId).contains(BuiltinRules.PORT_SCAN, BuiltinRules.CONTENT_DISCOVERY,
                BuiltinRules.BRUTE_FORCE, BuiltinRules.BRUTE_FORCE_SUCCESS, BuiltinRules.CORRELATION);

        String pattern = names.findingsPrefix() + "-*";
        assertThat(count(client, pattern)).isEqualTo(expected.size());
        JsonNode hits = PipelineHarness.search(client, pattern, "{\"size\":1000,\"query\":{\"match_all\":{}}}")
                .path("hits").path("hits");
        Set<String> indexedIds = new TreeSet<>();
        List<JsonNode> correlations = new ArrayList<>();
        for (JsonNode h : hits) {
            indexedIds.add(h.path("_id").asText());
            assertThat(h.path("_index").asText()).isEqualTo(names.findingsPrefix() + "-2025-06-01");
            JsonNode src = h.path("_source");
            assertThat(src.at("/event/kind").asText()).isEqualTo("alert");
            if (src.at("/rule/ruleset").asText().equals("correlation")) {
                correlations.add(src);
            }
        }
        assertThat(indexedIds).isEqualTo(expectedIds);

        // The attacker is flagged across sources: the correlation joins findings that are in the index.
        assertThat(correlations).isNotEmpty();
        JsonNode widest = correlations.stream().max((a, b) -> a.at("/finding/finding_ids").size() - b.at("/finding/finding_ids").size()).get();
        assertThat(widest.at("/finding/entity").asText()).isEqualTo("198.51.100.7");
        assertThat(widest.at("/event/severity").asInt()).isGreaterThanOrEqualTo(4);
        Set<String> joined = new HashSet<>();
        widest.at("/finding/finding_ids").forEach(n -> joined.add(n.asText()));
        assertThat(indexedIds).containsAll(joined);
        Set<String> families = new HashSet<>();
        for (JsonNode h : hits) {
            if (joined.contains(h.path("_id").asText())) {
                families.add(h.at("/_source/finding/family").asText());
            }
        }
        assertThat(families).containsExactlyInAnyOrder("vpcflow", "elb", "cloudtrail");

        // Findings point at events that were indexed.
        JsonNode scan = PipelineHarness.search(client, pattern,
                "{\"size\":1,\"query\":{\"term\":{\"rule.id\":\"" + BuiltinRules.PORT_SCAN + "\"}}}").at("/hits/hits/0/_source");
        String eventId = scan.at("/finding/event_ids/0").asText();
        JsonNode event = PipelineHarness.search(client, names.prefix(io.siemflink.parsers.LogType.VPCFLOW) + "-*",
                "{\"query\":{\"ids\":{\"values\":[\"" + eventId + "\"]}}}").at("/hits/hits/0/_source");
        assertThat(event.at("/source/ip").asText()).isEqualTo("198.51.100.7");

        // A replay of the same input writes the same findings over themselves.
        run(os, names, detect);
        assertThat(count(client, pattern)).isEqualTo(expected.size());
    }
}
