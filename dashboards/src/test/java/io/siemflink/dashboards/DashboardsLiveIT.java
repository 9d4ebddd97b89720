package io.siemflink.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siemflink.parsers.testing.TestPaths;
import io.siemflink.pipeline.config.PipelineConfig;
import io.siemflink.pipeline.job.SiemJob;
import io.siemflink.pipeline.local.TestOpenSearch;
import io.siemflink.pipeline.opensearch.IndexSetup;
import io.siemflink.pipeline.opensearch.OpenSearchClient;
import io.siemflink.pipeline.opensearch.OpenSearchSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof on real data: the pipeline (configured like {@code JobMain}, on a MiniCluster) indexes test-data/ (the
 * sample bucket, the security-changes bucket, the attack scenario and every golden input) into a real local OpenSearch with the real
 * templates; then each panel of the exported NDJSON is run as the search OSD would send and must return data.
 * Per panel also: every field it aggregates is aggregatable in {@code _field_caps} of its index pattern (what OSD
 * itself asks) and has values. Findings panels run on the findings the job's detections write for the scenario.
 * Enrichment runs with MaxMind's test databases; panels on enrichment fields would be skipped, with the reason, only
 * if no indexed address were in them.
 */
class DashboardsLiveIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** Fields only the enrichment stage fills (GeoIP, ASN, user-agent parsing). */
    static final List<String> ENRICHMENT_PREFIXES = List.of("source.geo.", "destination.geo.", "client.geo.",
            "source.as.", "destination.as.", "client.as.", "user_agent.name", "user_agent.version", "user_agent.os.",
            "user_agent.device.");

    static OpenSearchClient client;
    static SavedObjectsFile file;
    static long indexed;
    static final List<String> passed = new java.util.concurrent.CopyOnWriteArrayList<>();
    static final Map<String, String> skipped = new java.util.concurrent.ConcurrentSkipListMap<>();

    @BeforeAll
    static void indexTestData(@TempDir Path tmp) throws Exception {
        OpenSearchSettings os = OpenSearchSettings.local(TestOpenSearch.get().url());
        client = new OpenSearchClient(os);
        Path data = TestPaths.testData();
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("opensearch.url", os.url().toString());
        raw.put("job.checkpoint-interval", "1s");
        raw.put("job.parallelism", "2");
        // GeoIP/ASN from MaxMind's test databases: the scenario's public addresses are in them.
        raw.put("enrich.geoip.dir", TestPaths.fixtures().resolve("geoip").toString());
        source(raw, "bucket", data.resolve("bucket"), "auto");
        source(raw, "security", data.resolve("security-bucket"), "auto");
        // The attack scenario: the detections' findings for the findings dashboard (docs/DETECTIONS.md).
        source(raw, "scenario", data.resolve("scenarios/cross-source"), "auto");
        // The golden inputs, without their expected outputs and READMEs, each read as its family.
        for (String family : List.of("cloudtrail", "vpcflow", "elb")) {
            Path dir = Files.createDirectories(tmp.resolve("golden-" + family));
            try (Stream<Path> files = Files.list(data.resolve("golden").resolve(family))) {
                for (Path f : files.filter(DashboardsLiveIT::goldenInput).toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
            source(raw, "golden-" + family, dir, family);
        }
        PipelineConfig config = PipelineConfig.from(raw);
        new IndexSetup(client, config.indexSetup()).install();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SiemJob.fromConfig(env, config);
        env.execute("dashboards-live-check");
        client.send("POST", "/log-aws-*,siem-*/_refresh?ignore_unavailable=true&allow_no_indices=true", (byte[]) null);
        indexed = count("log-aws-*", null);
        file = SavedObjectsFile.read(CommittedNdjsonTest.committed());
    }

    private static void source(Map<String, String> raw, String name, Path dir, String type) {
        raw.put("source." + name + ".uri", dir.toString());
        raw.put("source." + name + ".type", type);
        raw.put("source." + name + ".watch", "false");
    }

    private static boolean goldenInput(Path f) {
        String n = f.getFileName().toString();
        return Files.isRegularFile(f) && !n.endsWith(".expected.json") && !n.endsWith(".md") && !n.startsWith(".");
    }

    @TestFactory
    List<DynamicTest> everyPanelReturnsDataFromTheIndexedTestData() {
        assertThat(indexed).as("events indexed from test-data").isGreaterThan(1500);
        Map<String, String> titles = file.indexPatternTitles();
        List<DynamicTest> tests = new ArrayList<>();
        for (SavedObjectsFile.Panel p : file.panels()) {
            if (p.visType().equals("markdown")) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(p.label(), () -> check(p, titles)));
        }
        assertThat(tests).hasSizeGreaterThan(100);
        return tests;
    }

    @org.junit.jupiter.api.Test
    void theCheckFailsForPanelsThatFindNothing() throws Exception {
        SavedObjectsFile.Panel template = file.panels().stream()
                .filter(p -> p.id().equals("siemflink-cloudtrail-access-denied-by-principal")).findFirst().orElseThrow();
        SavedObjectsFile.Panel noMatch = new SavedObjectsFile.Panel(template.type(), "t", "t", template.visType(),
                template.indexPatternId(), "event.action:NoSuchApiCall", template.aggs(), List.of(), List.of());
        JsonNode r = json("POST", "/log-aws-cloudtrail-*/_search", PanelSearch.body(noMatch, "@timestamp").toString());
        assertThat(PanelSearch.emptiness(noMatch, r)).isEqualTo("the query matches no document");
        // Every call is denied, but no denied call has a TLS cipher: the innermost bucket level is empty.
        List<SavedObjectsFile.AggSpec> aggs = new ArrayList<>(template.aggs());
        aggs.add(new SavedObjectsFile.AggSpec("9", "terms", "bucket",
                SavedObjectsFile.JSON.createObjectNode().put("field", "aws.elb.ssl_cipher").put("size", 5)));
        SavedObjectsFile.Panel deeper = new SavedObjectsFile.Panel(template.type(), "t", "t", template.visType(),
                template.indexPatternId(), template.query(), aggs, List.of(), List.of());
        r = json("POST", "/log-aws-cloudtrail-*/_search", PanelSearch.body(deeper, "@timestamp").toString());
        assertThat(PanelSearch.emptiness(deeper, r)).startsWith("no bucket path with documents");
        assertThat(count("log-aws-cloudtrail-*", "aws.elb.ssl_cipher")).isZero();
    }

    private static void check(SavedObjectsFile.Panel p, Map<String, String> titles) throws Exception {
        String patternId = p.visType().equals("input_control_vis")
                ? SavedObjectsFile.refId(file.get("visualization", p.id()), "control_0_index_pattern") : p.indexPatternId();
        String pattern = titles.get(patternId);
        String timeField = file.get("index-pattern", patternId).path("attributes").path("timeFieldName").asText();
        Set<String> fields = new LinkedHashSet<>(p.controlFields());
        p.aggs().stream().map(SavedObjectsFile.AggSpec::field).filter(f -> f != null).forEach(fields::add);
        for (String f : fields) {
            JsonNode caps = json("GET", "/" + pattern + "/_field_caps?fields=" + f, null).path("fields").path(f);
            assertThat(caps.size()).as(p.label() + ": " + f + " in _field_caps of " + pattern + " (one type)").isEqualTo(1);
            assertThat(caps.elements().next().path("aggregatable").asBoolean()).as(p.label() + ": " + f + " aggregatable").isTrue();
            if (count(pattern, f) == 0) {
                if (enrichment(f)) {
                    skip(p, "enrichment not wired into the pipeline yet: no document in " + pattern + " has " + f);
                }
                throw new AssertionError(p.label() + ": no document in " + pattern + " has " + f);
            }
        }
        if (p.visType().equals("input_control_vis")) {
            return;
        }
        if (p.type().equals("search")) {
            for (String c : p.columns()) {
                if (count(pattern, c) == 0) {
                    if (enrichment(c)) {
                        skip(p, "enrichment not wired into the pipeline yet: no document in " + pattern + " has " + c);
                    }
                    throw new AssertionError(p.label() + ": column " + c + " has no value in any document of " + pattern);
                }
            }
        }
        if (p.aggs().stream().anyMatch(a -> a.type().equals("geohash_grid"))) {
            // Its fields were checked above (aggregatable, with values); the aggregation itself lives in
            // OpenSearch's geo module, which real distributions have and the plugin-less integ-test zip does not.
            skip(p, "geohash_grid needs OpenSearch's geo module, absent from the integ-test zip (fields checked)");
        }
        ObjectNode body = PanelSearch.body(p, timeField);
        JsonNode response = json("POST", "/" + pattern + "/_search", body.toString());
        assertThat(response.has("error")).as(p.label() + ": " + response.path("error")).isFalse();
        assertThat(PanelSearch.emptiness(p, response)).as(p.label() + " on " + pattern + ": " + body).isEmpty();
        passed.add(p.label());
    }

    /** Skips the panel (a JUnit assumption) and keeps the reason for the summary. */
    private static void skip(SavedObjectsFile.Panel p, String reason) {
        skipped.put(p.label(), reason);
        Assumptions.abort(reason);
    }

    @AfterAll
    static void summary() {
        System.out.println("dashboards live check: " + passed.size() + " panels returned data, " + skipped.size() + " skipped");
        Map<String, List<String>> byReason = new TreeMap<>();
        skipped.forEach((panel, reason) -> byReason.computeIfAbsent(reason, r -> new ArrayList<>()).add(panel));
        byReason.forEach((reason, panels) -> System.out.println("  skipped (" + reason + "): " + panels));
    }

    static boolean enrichment(String field) {
        return ENRICHMENT_PREFIXES.stream().anyMatch(field::startsWith);
    }

    /** Documents of the pattern (that have {@code field}, when given). */
    static long count(String pattern, String field) throws IOException, InterruptedException {
        String body = field == null ? null : "{\"query\":{\"exists\":{\"field\":\"" + field + "\"}}}";
        JsonNode n = json("POST", "/" + pattern + "/_count?ignore_unavailable=true&allow_no_indices=true", body);
        if (!n.has("count")) {
            throw new IOException("count on " + pattern + " failed: " + n);
        }
        return n.get("count").asLong();
    }

    static JsonNode json(String method, String path, String body) throws IOException, InterruptedException {
        return SavedObjectsFile.JSON.readTree(client.send(method, path, body).body());
    }
}
