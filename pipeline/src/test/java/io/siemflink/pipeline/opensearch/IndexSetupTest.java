package io.siemflink.pipeline.opensearch;

import static io.siemflink.pipeline.opensearch.TemplateFields.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ISM branch, which the plugin-less test node cannot exercise: a stand-in for the index-management API that
 * stores policies the way the plugin answers for them (its own fields added). Templates are covered for real by
 * {@link IndexTemplatesIT}.
 */
class IndexSetupTest {
    /** Answers template calls as a cluster that has none, and ISM calls as the plugin does. */
    private static final class FakeCluster implements IndexSetup.Http {
        final boolean ism;
        final Map<String, JsonNode> policies = new HashMap<>();
        final Map<String, String> templates = new HashMap<>();
        final List<String> calls = new ArrayList<>();
        long seqNo;

        FakeCluster(boolean ism) {
            this.ism = ism;
        }

        @Override
        public OpenSearchClient.Response send(String method, String path, String body) throws java.io.IOException {
            calls.add(method + " " + path);
            if (path.equals("/_cat/plugins?format=json")) {
                return ok(ism ? "[{\"name\":\"node-1\",\"component\":\"opensearch-index-management\",\"version\":\"2.19.0.0\"}]"
                        : "[]");
            }
            if (path.startsWith("/_plugins/_ism/policies/")) {
                String id = path.substring("/_plugins/_ism/policies/".length()).replaceAll("\\?.*", "");
                if (method.equals("GET")) {
                    JsonNode p = policies.get(id);
                    return p == null ? new OpenSearchClient.Response(404, bytes("{\"error\":\"Policy not found\"}"))
                            : ok(p.toString());
                }
                ObjectNode stored = (ObjectNode) JSON.readTree(body);
                ObjectNode policy = (ObjectNode) stored.get("policy");
                // What the plugin adds when it stores a policy.
                policy.put("policy_id", id).put("schema_version", 21).put("last_updated_time", 1714557600000L);
                policy.get("states").forEach(s -> s.get("actions").forEach(a -> ((ObjectNode) a)
                        .putObject("retry").put("count", 3).put("backoff", "exponential").put("delay", "1m")));
                ObjectNode answer = JSON.createObjectNode().put("_id", id).put("_version", 1)
                        .put("_seq_no", seqNo++).put("_primary_term", 1);
                answer.set("policy", policy);
                policies.put(id, answer);
                return new OpenSearchClient.Response(201, bytes(answer.toString()));
            }
            if (method.equals("GET")) {
                String t = templates.get(path);
                return t == null ? new OpenSearchClient.Response(404, bytes("{}")) : ok(t);
            }
            String name = path.substring(path.lastIndexOf('/') + 1);
            String list = path.startsWith("/_component_template/") ? "component_templates" : "index_templates";
            String field = path.startsWith("/_component_template/") ? "component_template" : "index_template";
            templates.put(path, "{\"" + list + "\":[{\"name\":\"" + name + "\",\"" + field + "\":" + body + "}]}");
            return ok("{\"acknowledged\":true}");
        }

        private static OpenSearchClient.Response ok(String body) {
            return new OpenSearchClient.Response(200, bytes(body));
        }

        private static byte[] bytes(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
    }

    @Test
    void installsTheRetentionPolicyWhereIndexManagementExists() throws Exception {
        FakeCluster cluster = new FakeCluster(true);
        IndexSetup.Settings s = IndexSetup.Settings.defaults().withRetentionDays(30);
        List<String> first = new IndexSetup(cluster, s).install().lines();
        assertThat(first.get(9)).isEqualTo("ISM policy siemflink-retention: created");
        JsonNode stored = cluster.policies.get("siemflink-retention").path("policy");
        assertThat(stored.path("states").get(0).path("transitions").get(0).path("conditions").path("min_index_age")
                .asText()).isEqualTo("30d");
        assertThat(stored.path("ism_template").get(0).path("index_patterns").toString()).isEqualTo(
                "[\"log-aws-cloudtrail\",\"log-aws-cloudtrail-*\",\"log-aws-vpcflowlogs\",\"log-aws-vpcflowlogs-*\","
                        + "\"log-aws-elb\",\"log-aws-elb-*\",\"siem-deadletter\",\"siem-deadletter-*\",\"siem-findings\","
                        + "\"siem-findings-*\"]");

        // The plugin's own additions (retry, policy_id, times) do not count as a change.
        IndexSetup.Report again = new IndexSetup(cluster, s).install();
        assertThat(again.changed()).isFalse();
        assertThat(again.lines()).allMatch(l -> l.endsWith(": unchanged"));

        // A new retention replaces the policy, guarded by the stored sequence number.
        cluster.calls.clear();
        IndexSetup.Report longer = new IndexSetup(cluster, s.withRetentionDays(400)).install();
        assertThat(longer.lines().get(9)).isEqualTo("ISM policy siemflink-retention: updated");
        assertThat(cluster.calls).contains("PUT /_plugins/_ism/policies/siemflink-retention?if_seq_no=0&if_primary_term=1");
        assertThat(cluster.policies.get("siemflink-retention").path("policy").path("states").get(0).path("transitions")
                .get(0).path("conditions").path("min_index_age").asText()).isEqualTo("400d");
    }

    @Test
    void skipsThePolicyWithoutThePluginOrWithoutRetention() throws Exception {
        FakeCluster plain = new FakeCluster(false);
        IndexSetup.Report r = new IndexSetup(plain, IndexSetup.Settings.defaults()).install();
        assertThat(r.lines().get(9))
                .isEqualTo("ISM policy siemflink-retention: index management plugin not installed; skipping ISM policy");
        assertThat(r.steps().get(9).outcome()).isEqualTo(IndexSetup.Outcome.SKIPPED);
        assertThat(plain.calls).noneMatch(c -> c.contains("_ism"));

        FakeCluster withIsm = new FakeCluster(true);
        IndexSetup.Report none = new IndexSetup(withIsm, IndexSetup.Settings.defaults().withRetentionDays(0)).install();
        assertThat(none.lines().get(9)).isEqualTo("ISM policy siemflink-retention: retention-days is 0; no ISM policy");
        assertThat(withIsm.calls).noneMatch(c -> c.contains("_ism") || c.contains("_cat"));
    }

    @Test
    void aRefusedTemplateStopsTheInstallWithTheClusterAnswer() {
        IndexSetup.Http refusing = (m, p, b) -> m.equals("GET")
                ? new OpenSearchClient.Response(404, new byte[0])
                : new OpenSearchClient.Response(400, "{\"error\":{\"type\":\"illegal_argument_exception\"}}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new IndexSetup(refusing, IndexSetup.Settings.defaults()).install())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("PUT /_component_template/siemflink-ecs-mappings failed with status 400: "
                        + "{\"error\":{\"type\":\"illegal_argument_exception\"}}");
    }

    @Test
    void differencesAreNamedByPath() {
        JsonNode a = read("{\"template\":{\"settings\":{\"index\":{\"number_of_shards\":1}},\"mappings\":{\"dynamic\":false,"
                + "\"properties\":{\"x\":{\"type\":\"keyword\"}}}}}");
        // How the cluster answers for the same template: flat settings, string values.
        JsonNode same = read("{\"template\":{\"settings\":{\"index.number_of_shards\":\"1\"},\"mappings\":{\"dynamic\":\"false\","
                + "\"properties\":{\"x\":{\"type\":\"keyword\"}}}}}");
        JsonNode other = read("{\"template\":{\"settings\":{\"index\":{\"number_of_shards\":\"1\"}},\"mappings\":{\"dynamic\":false,"
                + "\"properties\":{\"x\":{\"type\":\"ip\"}}}}}");
        assertThat(IndexSetup.firstDifference(IndexSetup.normalize(a), IndexSetup.normalize(same), "")).isNull();
        assertThat(IndexSetup.firstDifference(IndexSetup.normalize(a), IndexSetup.normalize(other), ""))
                .isEqualTo("template.mappings.properties.x.type");
    }

    private static JsonNode read(String s) {
        try {
            return JSON.readTree(s);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
