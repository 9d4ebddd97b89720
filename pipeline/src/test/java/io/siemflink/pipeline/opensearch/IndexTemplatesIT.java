package io.siemflink.pipeline.opensearch;

import static io.siemflink.pipeline.opensearch.TemplateFields.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.LogType;
import io.siemflink.pipeline.local.TestOpenSearch;
import io.siemflink.pipeline.sink.DeadLetterDocs;
import io.siemflink.pipeline.sink.IndexAction;
import io.siemflink.pipeline.sink.IndexNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The templates on a real OpenSearch (the plugin-less integ-test zip): install, reinstall, index every golden
 * document, and read back what the cluster made of it. Names carry a random tag so that nothing here matches
 * another test's indices in the shared node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IndexTemplatesIT {
    private static final String TAG = "tpl" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private static OpenSearchClient client;
    private static IndexSetup.Settings settings;
    private static List<IndexSetup.Template> templates;

    @BeforeAll
    static void start() throws Exception {
        client = new OpenSearchClient(OpenSearchSettings.local(TestOpenSearch.get().url()));
        IndexNames names = new IndexNames(IndexNames.Granularity.DAY, Map.of(
                LogType.CLOUDTRAIL, TAG + "-cloudtrail", LogType.VPCFLOW, TAG + "-vpcflow", LogType.ELB, TAG + "-elb"));
        settings = new IndexSetup.Settings(1, 0, "1s", TAG, names, TAG + "-deadletter", TAG + "-findings", 30);
        templates = new IndexSetup(client, settings).templates();
    }

    private static String prefix(String family) {
        return TAG + "-" + family;
    }

    @Test
    @Order(1)
    void installsOnceThenReportsUnchanged() throws Exception {
        IndexSetup.Report first = new IndexSetup(client, settings).install();
        assertThat(first.lines()).containsExactly(
                "component template " + TAG + "-ecs-mappings: created",
                "component template " + TAG + "-cloudtrail-mappings: created",
                "component template " + TAG + "-vpcflow-mappings: created",
                "component template " + TAG + "-elb-mappings: created",
                "index template " + TAG + "-cloudtrail: created",
                "index template " + TAG + "-vpcflow: created",
                "index template " + TAG + "-elb: created",
                "index template " + TAG + "-deadletter: created",
                "index template " + TAG + "-findings: created",
                "ISM policy " + TAG + "-retention: index management plugin not installed; skipping ISM policy");
        assertThat(first.changed()).isTrue();

        IndexSetup.Report second = new IndexSetup(client, settings).install();
        assertThat(second.changed()).isFalse();
        assertThat(second.steps()).hasSize(10);
        assertThat(second.steps().subList(0, 9)).allMatch(s -> s.outcome() == IndexSetup.Outcome.UNCHANGED);
        assertThat(second.lines().get(9)).endsWith("index management plugin not installed; skipping ISM policy");

        JsonNode installed = get("/_index_template/" + TAG + "-cloudtrail").path("index_templates").get(0)
                .path("index_template");
        assertThat(installed.path("index_patterns").toString())
                .isEqualTo("[\"" + prefix("cloudtrail") + "\",\"" + prefix("cloudtrail") + "-*\"]");
        assertThat(installed.path("composed_of").toString())
                .isEqualTo("[\"" + TAG + "-ecs-mappings\",\"" + TAG + "-cloudtrail-mappings\"]");
    }

    @Test
    @Order(2)
    void everyGoldenDocumentIndexesAndGetsTheTemplateTypes() throws Exception {
        Map<String, Long> expectedCounts = new LinkedHashMap<>();
        for (String family : TemplateFields.FAMILIES) {
            Map<String, String> ids = new LinkedHashMap<>();
            StringBuilder bulk = new StringBuilder();
            for (JsonNode e : TemplateFields.goldenDocs(family)) {
                String index = prefix(family) + "-" + day(e.get("doc"));
                bulkLine(bulk, index, e.get("id").asText(), e.get("doc").toString());
                ids.put(index + "/" + e.get("id").asText(), "");
            }
            bulk(bulk);
            expectedCounts.put(family, (long) ids.size());
        }
        for (String family : TemplateFields.FAMILIES) {
            assertThat(count(prefix(family) + "-*")).as(family).isEqualTo(expectedCounts.get(family));
        }

        Map<String, String> ct = mappedTypes(prefix("cloudtrail") + "-*");
        assertThat(ct).containsEntry("@timestamp", "date").containsEntry("source.ip", "ip")
                .containsEntry("related.ip", "ip").containsEntry("source.address", "keyword")
                .containsEntry("aws.cloudtrail.flattened.request_parameters", "flat_object")
                .containsEntry("aws.cloudtrail.flattened.response_elements", "flat_object")
                .containsEntry("aws.cloudtrail.read_only", "boolean")
                .containsEntry("aws.cloudtrail.user_identity.session_context.creation_date", "date")
                .containsEntry("aws.cloudtrail.error_message", "text")
                .containsEntry("aws.cloudtrail.error_message.keyword", "keyword")
                .containsEntry("user_agent.original", "keyword").containsEntry("user_agent.original.text", "text")
                .containsEntry("source.geo.location", "geo_point").containsEntry("source.as.number", "long");
        Map<String, String> vpc = mappedTypes(prefix("vpcflow") + "-*");
        assertThat(vpc).containsEntry("destination.port", "long").containsEntry("destination.ip", "ip")
                .containsEntry("network.bytes", "long").containsEntry("event.start", "date")
                .containsEntry("aws.vpcflow.packets_lost_no_route", "long").containsEntry("event.original", "keyword");
        Map<String, String> elb = mappedTypes(prefix("elb") + "-*");
        assertThat(elb).containsEntry("aws.elb.request_processing_time.sec", "double")
                .containsEntry("aws.elb.backend.ip", "ip").containsEntry("aws.elb.backend.port", "long")
                .containsEntry("client.ip", "ip").containsEntry("http.response.status_code", "long")
                .containsEntry("url.original.text", "text").containsEntry("aws.elb.tls_connection_creation_time", "date");
        // event.original is kept in _source only.
        JsonNode original = get("/" + prefix("vpcflow") + "-*/_mapping/field/event.original");
        JsonNode def = original.elements().next().path("mappings").path("event.original").path("mapping")
                .path("original");
        assertThat(def.path("index").asBoolean(true)).isFalse();
        assertThat(def.path("doc_values").asBoolean(true)).isFalse();

        // No field appeared that the templates do not declare: every index holds exactly the template's fields.
        for (String family : TemplateFields.FAMILIES) {
            Set<String> declared = TemplateFields.indexFields(templates, TAG + "-" + family).keySet();
            JsonNode mappings = get("/" + prefix(family) + "-*/_mapping");
            assertThat(mappings.size()).as(family).isGreaterThan(0);
            for (Map.Entry<String, JsonNode> index : iterable(mappings)) {
                JsonNode m = index.getValue().path("mappings");
                assertThat(m.path("dynamic").asText()).as(index.getKey()).isEqualTo("false");
                assertThat(TemplateFields.fields(m.path("properties")).keySet()).as(index.getKey())
                        .containsExactlyInAnyOrderElementsOf(declared);
            }
        }
    }

    @Test
    @Order(3)
    void unexpectedFieldsStayInSourceAndCreateNoMapping() throws Exception {
        ObjectNode doc = (ObjectNode) TemplateFields.goldenDocs("vpcflow").get(0).get("doc").deepCopy();
        ((ObjectNode) doc.path("aws").path("vpcflow")).put("some_future_field", "x-1");
        doc.putObject("surprise").put("number", 12).put("when", "2024-05-01T00:00:00Z");
        // A CloudWatch-sized record: event.original has no index and no doc values, so no term-length limit.
        ((ObjectNode) doc.path("event")).put("original", "y".repeat(100_000));
        String index = prefix("vpcflow") + "-2001-01-01";
        StringBuilder bulk = new StringBuilder();
        bulkLine(bulk, index, "future-1", doc.toString());
        bulk(bulk);
        JsonNode got = get("/" + index + "/_doc/future-1").path("_source");
        assertThat(got.path("aws").path("vpcflow").path("some_future_field").asText()).isEqualTo("x-1");
        assertThat(got.path("surprise").path("number").asInt()).isEqualTo(12);
        Map<String, String> types = mappedTypes(index);
        assertThat(types).doesNotContainKeys("aws.vpcflow.some_future_field", "surprise", "surprise.number",
                "surprise.when");
        assertThat(types.keySet()).containsExactlyInAnyOrderElementsOf(
                TemplateFields.indexFields(templates, TAG + "-vpcflow").keySet());
    }

    @Test
    @Order(4)
    void flatObjectSubPathsAndIpRangesAreQueryable() throws Exception {
        // Expected hits from the golden documents themselves.
        long buckets = TemplateFields.goldenDocs("cloudtrail").stream().filter(e -> "data-lake-raw".equals(
                e.path("doc").path("aws").path("cloudtrail").path("flattened").path("request_parameters")
                        .path("bucketName").asText(null))).map(e -> e.get("id").asText()).distinct().count();
        assertThat(buckets).isPositive();
        assertThat(search(prefix("cloudtrail") + "-*", "{\"query\":{\"term\":{"
                + "\"aws.cloudtrail.flattened.request_parameters.bucketName\":\"data-lake-raw\"}}}")).isEqualTo(buckets);
        // The whole flat_object matches on any of its values.
        assertThat(search(prefix("cloudtrail") + "-*", "{\"query\":{\"term\":{"
                + "\"aws.cloudtrail.flattened.request_parameters\":\"data-lake-raw\"}}}")).isEqualTo(buckets);

        Set<String> inTen = new HashSet<>();
        for (JsonNode e : TemplateFields.goldenDocs("vpcflow")) {
            if (e.path("doc").path("source").path("ip").asText("").startsWith("10.")) {
                inTen.add(prefix("vpcflow") + "-" + day(e.get("doc")) + "/" + e.get("id").asText());
            }
        }
        assertThat(inTen).isNotEmpty();
        assertThat(search(prefix("vpcflow") + "-*", "{\"query\":{\"term\":{\"source.ip\":\"10.0.0.0/8\"}}}"))
                .isEqualTo(inTen.size());
    }

    @Test
    @Order(5)
    void deadLettersAndFindingsIndexIntoTheirTemplates() throws Exception {
        DeadLetterDocs docs = new DeadLetterDocs(IndexNames.daily());
        StringBuilder bulk = new StringBuilder();
        Map<String, DeadLetter> byId = new LinkedHashMap<>(); // identical dead letters share an id
        List<DeadLetter> all = new ArrayList<>();
        TemplateFields.FAMILIES.forEach(f -> all.addAll(TemplateFields.goldenDeadLetters(f)));
        // The largest original a dead letter keeps (256 KiB): stored, never indexed.
        all.add(DeadLetter.of(LogType.CLOUDTRAIL, "too_long: record over the limit", "z".repeat(300_000),
                null, 1, 0));
        for (DeadLetter d : all) {
            IndexAction a = docs.fromParse(d, 1_714_557_600_000L);
            bulkLine(bulk, prefix("deadletter") + "-2024-05-01", a.id, new String(a.source, StandardCharsets.UTF_8));
            byId.put(a.id, d);
        }
        bulk(bulk);
        assertThat(count(prefix("deadletter") + "-*")).isEqualTo(byId.size());
        assertThat(mappedTypes(prefix("deadletter") + "-*")).containsEntry("deadletter.original", "keyword")
                .containsEntry("deadletter.reason", "text").containsEntry("deadletter.line", "long")
                .containsEntry("deadletter.original_truncated", "boolean").containsEntry("@timestamp", "date");
        assertThat(search(prefix("deadletter") + "-*", "{\"query\":{\"term\":{\"deadletter.original_truncated\":true}}}"))
                .isEqualTo(byId.values().stream().filter(DeadLetter::originalTruncated).count()).isPositive();
        assertThat(search(prefix("deadletter") + "-*", "{\"query\":{\"match_phrase\":{\"deadletter.reason\":\"UTF-8\"}}}"))
                .isEqualTo(byId.values().stream().filter(d -> d.reason().contains("UTF-8")).count()).isPositive();

        String finding = """
                {"@timestamp":"2024-05-01T10:05:00.000Z","ecs":{"version":"8.11.0"},
                 "event":{"kind":"alert","severity":73,"risk_score":73.5,"start":"2024-05-01T10:00:00.000Z",
                          "end":"2024-05-01T10:04:59.000Z","dataset":"siemflink.findings"},
                 "rule":{"id":"ct-console-login-bruteforce","name":"Console login brute force",
                         "description":"Many failed console logins from one address","ruleset":"siemflink",
                         "reference":"https://attack.mitre.org/techniques/T1110/"},
                 "threat":{"framework":"MITRE ATT&CK","technique":{"id":["T1110"],"name":["Brute Force"]},
                           "tactic":{"id":["TA0006"],"name":["Credential Access"]}},
                 "source":{"ip":"192.0.2.44"},"related":{"ip":["192.0.2.44"],"user":["mallory"],"hosts":["console"]},
                 "finding":{"family":"cloudtrail","type":"threshold","count":12,"event_ids":["e1","e2"],
                            "entity":"192.0.2.44","entity_type":"ip"},
                 "message":"12 failed console logins from 192.0.2.44"}""";
        StringBuilder fb = new StringBuilder();
        bulkLine(fb, prefix("findings") + "-2024-05-01", "f1", finding.replace("\n", ""));
        bulk(fb);
        assertThat(mappedTypes(prefix("findings") + "-*")).containsEntry("event.severity", "long")
                .containsEntry("event.risk_score", "float").containsEntry("related.ip", "ip")
                .containsEntry("rule.id", "keyword").containsEntry("finding.count", "long")
                .containsEntry("threat.technique.id", "keyword").containsEntry("event.start", "date");
        assertThat(search(prefix("findings") + "-*", "{\"query\":{\"bool\":{\"filter\":["
                + "{\"term\":{\"related.ip\":\"192.0.2.0/24\"}},{\"range\":{\"event.severity\":{\"gte\":70}}},"
                + "{\"term\":{\"threat.technique.id\":\"T1110\"}}]}}}")).isEqualTo(1);
    }

    @Test
    @Order(6)
    void changedSettingsUpdateOnlyTheIndexTemplates() throws Exception {
        IndexSetup.Settings slower = new IndexSetup.Settings(1, 0, "30s", TAG, settings.indexNames(),
                settings.deadLetterPrefix(), settings.findingsPrefix(), 0);
        IndexSetup.Report r = new IndexSetup(client, slower).install();
        Map<String, IndexSetup.Outcome> outcomes = new TreeMap<>();
        r.steps().forEach(s -> outcomes.put(s.name(), s.outcome()));
        assertThat(r.steps().stream().filter(s -> s.kind() == IndexSetup.Kind.COMPONENT))
                .allMatch(s -> s.outcome() == IndexSetup.Outcome.UNCHANGED);
        assertThat(r.steps().stream().filter(s -> s.kind() == IndexSetup.Kind.INDEX))
                .hasSize(5).allMatch(s -> s.outcome() == IndexSetup.Outcome.UPDATED)
                .allMatch(s -> s.line().endsWith(": updated (template.settings.index.refresh_interval differs)"));
        assertThat(r.lines().get(9)).isEqualTo("ISM policy " + TAG + "-retention: retention-days is 0; no ISM policy");
        String index = prefix("elb") + "-2030-01-01";
        client.send("PUT", "/" + index, (byte[]) null);
        assertThat(get("/" + index + "/_settings").path(index).path("settings").path("index").path("refresh_interval")
                .asText()).isEqualTo("30s");
        assertThat(new IndexSetup(client, slower).install().changed()).isFalse();
    }

    // --- helpers

    private static String day(JsonNode doc) {
        String ts = doc.path("@timestamp").asText("");
        return ts.length() >= 10 ? ts.substring(0, 10) : "1970-01-01";
    }

    private static void bulkLine(StringBuilder bulk, String index, String id, String doc) {
        ObjectNode action = JSON.createObjectNode();
        action.putObject("index").put("_index", index).put("_id", id);
        bulk.append(action).append('\n').append(doc).append('\n');
    }

    private static void bulk(StringBuilder bulk) throws Exception {
        OpenSearchClient.Response r = client.send("POST", "/_bulk?refresh=true", bulk.toString());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        if (body.path("errors").asBoolean()) {
            List<String> errors = new ArrayList<>();
            body.path("items").forEach(i -> {
                JsonNode e = i.path("index").path("error");
                if (!e.isMissingNode()) {
                    errors.add(i.path("index").path("_index").asText() + "/" + i.path("index").path("_id").asText()
                            + ": " + e);
                }
            });
            assertThat(errors).as("bulk errors").isEmpty();
        }
    }

    private static JsonNode get(String path) throws Exception {
        OpenSearchClient.Response r = client.send("GET", path, (byte[]) null);
        assertThat(r.status()).as(path + ": " + r.text()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static long count(String index) throws Exception {
        return get("/" + index + "/_count").path("count").asLong(-1);
    }

    private static long search(String index, String query) throws Exception {
        OpenSearchClient.Response r = client.send("POST", "/" + index + "/_search?track_total_hits=true&size=0", query);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return JSON.readTree(r.body()).path("hits").path("total").path("value").asLong(-1);
    }

    /** Field path -> type over every index the pattern matches (they must agree). */
    private static Map<String, String> mappedTypes(String pattern) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> index : iterable(get("/" + pattern + "/_mapping"))) {
            TemplateFields.fields(index.getValue().path("mappings").path("properties")).forEach((k, v) -> {
                String prev = out.put(k, v.path("type").asText());
                assertThat(prev == null || prev.equals(v.path("type").asText())).as(k).isTrue();
            });
        }
        return out;
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode n) {
        return n::fields;
    }
}
