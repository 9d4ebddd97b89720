package io.siemflink.pipeline.opensearch;

import static io.siemflink.pipeline.opensearch.TemplateFields.JSON;

import io.siemflink.detect.Finding;
import io.siemflink.detect.FindingJson;
import io.siemflink.detect.window.BatchDetector;
import io.siemflink.detect.window.DetectionSettings;
import io.siemflink.pipeline.detect.OrderedWindowsTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.testing.TestPaths;
import io.siemflink.pipeline.sink.DeadLetterDocs;
import io.siemflink.pipeline.sink.IndexAction;
import io.siemflink.pipeline.sink.IndexNames;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IndexTemplatesTest {
    private static final List<IndexSetup.Template> TEMPLATES = new IndexSetup(
            (m, p, b) -> { throw new AssertionError("no HTTP in unit tests"); }, IndexSetup.Settings.defaults()).templates();
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}");
    private static final Pattern IPV6ISH = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private static Map<String, JsonNode> fieldsOf(String indexTemplate) {
        return TemplateFields.indexFields(TEMPLATES, "siemflink-" + indexTemplate);
    }

    private static Set<String> flatObjects(Map<String, JsonNode> fields) {
        Set<String> out = new HashSet<>();
        fields.forEach((k, v) -> {
            if (v.path("type").asText().equals("flat_object")) {
                out.add(k);
            }
        });
        return out;
    }

    @Test
    void everyResourceParsesAndRefusesDynamicFields() {
        assertThat(IndexSetup.resourceFiles()).hasSize(9);
        for (String file : IndexSetup.resourceFiles()) {
            ObjectNode t = IndexSetup.resource(file);
            assertThat(t.path("version").asInt()).as(file).isEqualTo(1);
            assertThat(t.path("_meta").path("managed_by").asText()).as(file).isEqualTo("siemflink");
            // false, not strict: an unexpected field stays in _source instead of failing the document.
            assertThat(t.path("template").path("mappings").path("dynamic").isBoolean()).as(file).isTrue();
            assertThat(t.path("template").path("mappings").path("dynamic").asBoolean(true)).as(file).isFalse();
        }
        Set<String> names = new HashSet<>();
        TEMPLATES.forEach(t -> names.add(t.name()));
        for (IndexSetup.Template t : TEMPLATES) {
            if (t.kind() == IndexSetup.Kind.INDEX) {
                t.body().path("composed_of").forEach(c -> assertThat(names).as(t.name()).contains(c.asText()));
                assertThat(t.body().path("template").path("settings").path("index").path("mapping")
                        .path("total_fields").path("limit").asInt()).isEqualTo(1000);
            }
        }
        // The shipped files already hold the default patterns, so they can also be PUT by hand.
        assertThat(IndexSetup.resource("index-cloudtrail.json").path("index_patterns").toString())
                .isEqualTo("[\"log-aws-cloudtrail\",\"log-aws-cloudtrail-*\"]");
        for (IndexSetup.Template t : TEMPLATES) {
            String file = (t.kind() == IndexSetup.Kind.COMPONENT ? "component-" : "index-")
                    + t.name().substring("siemflink-".length()).replace("-mappings", "") + ".json";
            assertThat(t.body()).as(file).isEqualTo(IndexSetup.resource(file));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cloudtrail", "vpcflow", "elb"})
    void everyFieldOfEveryGoldenDocumentIsMappedWithACompatibleType(String family) {
        Map<String, JsonNode> fields = fieldsOf(family);
        Set<String> opaque = flatObjects(fields);
        List<JsonNode> docs = TemplateFields.goldenDocs(family);
        assertThat(docs).hasSizeGreaterThan(10);
        Set<String> seen = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode entry : docs) {
            TemplateFields.flatten(entry.get("doc"), opaque).forEach((path, values) -> {
                seen.add(path);
                JsonNode def = fields.get(path);
                if (def == null) {
                    problems.add(path + " is not mapped");
                    return;
                }
                for (JsonNode v : values) {
                    String why = incompatible(path, def, v);
                    if (why != null) {
                        problems.add(path + " = " + v + ": " + why);
                    }
                }
            });
        }
        assertThat(problems).as(family).isEmpty();
        // The golden set reaches the flat_object fields and the typed ones the checks are about.
        assertThat(seen).contains("@timestamp", "event.kind", "cloud.provider");
        switch (family) {
            case "cloudtrail" -> assertThat(seen).contains("aws.cloudtrail.flattened.request_parameters", "source.ip",
                    "aws.cloudtrail.read_only", "aws.cloudtrail.user_identity.session_context.creation_date");
            case "vpcflow" -> assertThat(seen).contains("destination.port", "related.ip", "network.bytes",
                    "event.original", "aws.vpcflow.packets_lost_no_route");
            default -> assertThat(seen).contains("aws.elb.request_processing_time.sec", "client.ip", "url.port",
                    "aws.elb.backend.ip", "aws.elb.tls_connection_creation_time");
        }
    }

    /** Why a JSON value cannot go into a field of this definition, or null when it can. */
    static String incompatible(String path, JsonNode def, JsonNode v) {
        String type = def.path("type").asText();
        if (type.equals("flat_object")) {
            return v.isObject() ? null : "flat_object needs an object";
        }
        if (v.isBoolean()) {
            return type.equals("boolean") ? null : "a boolean in a " + type + " field";
        }
        if (v.isIntegralNumber()) {
            return Set.of("long", "integer", "double", "float", "scaled_float").contains(type) ? null
                    : "a number in a " + type + " field";
        }
        if (v.isNumber()) {
            return Set.of("double", "float", "scaled_float").contains(type) ? null : "a fraction in a " + type + " field";
        }
        if (!v.isTextual()) {
            return "a " + v.getNodeType() + " value";
        }
        String s = v.asText();
        boolean timestamp = isTimestamp(s);
        if (type.equals("date")) {
            return timestamp ? null : "not an ISO-8601 timestamp";
        }
        if (timestamp) {
            return "a timestamp in a " + type + " field";
        }
        if (type.equals("ip")) {
            return isIp(s) ? null : "not an IP literal";
        }
        if (path.endsWith(".ip")) {
            return "an .ip field mapped as " + type;
        }
        return Set.of("keyword", "text").contains(type) ? null : "a string in a " + type + " field";
    }

    private static boolean isTimestamp(String s) {
        try {
            Instant.parse(s);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean isIp(String s) {
        if (IPV4.matcher(s).matches()) {
            return true;
        }
        if (!IPV6ISH.matcher(s).matches()) {
            return false;
        }
        try {
            InetAddress.getByName(s); // a string with ':' is parsed as an IPv6 literal, never looked up
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void deadLetterDocumentsAreMapped() {
        Map<String, JsonNode> fields = fieldsOf("deadletter");
        DeadLetterDocs docs = new DeadLetterDocs(IndexNames.daily());
        List<IndexAction> actions = new ArrayList<>();
        for (String family : TemplateFields.FAMILIES) {
            for (DeadLetter d : TemplateFields.goldenDeadLetters(family)) {
                actions.add(docs.fromParse(d, 1_714_557_600_000L));
            }
        }
        IndexAction failed = new IndexAction("log-aws-elb-2024-05-01", "abc", "{\"source\":{\"port\":\"x\"}}".getBytes());
        failed.logType = "elb";
        failed.origin = "s3://bucket/key.log.gz";
        actions.add(docs.fromIndexFailure(failed, 400, "mapper_parsing_exception", "failed to parse field [source.port]",
                1_714_557_600_000L));
        assertThat(actions).hasSizeGreaterThan(20);
        Set<String> seen = new HashSet<>();
        assertThat(unmapped(actions.stream().map(a -> read(a.source)).toList(), fields, seen)).isEmpty();
        assertThat(seen).contains("@timestamp", "deadletter.original", "deadletter.original_base64",
                "deadletter.status", "deadletter.target_index", "deadletter.line", "deadletter.original_truncated");
        // Everything DeadLetterDocs can write, including what the golden set did not reach.
        assertThat(fields.keySet()).contains("deadletter.stage", "deadletter.reason_code", "deadletter.reason",
                "deadletter.type", "deadletter.source", "deadletter.offset", "deadletter.original_length",
                "deadletter.document_id");
    }

    @Test
    void findingDocumentsAreMapped() throws Exception {
        Map<String, JsonNode> fields = fieldsOf("findings");
        BatchDetector d = new BatchDetector(null, DetectionSettings.defaults());
        OrderedWindowsTest.scenarioEvents().forEach(d::accept);
        List<Finding> findings = d.finish();
        assertThat(findings).extracting(f -> f.ruleset).contains("builtin", "correlation");
        Set<String> seen = new HashSet<>();
        assertThat(unmapped(findings.stream().map(f -> read(FindingJson.toJson(f))).toList(), fields, seen)).isEmpty();
        assertThat(seen).contains("@timestamp", "event.kind", "rule.id", "rule.ruleset", "event.severity",
                "threat.technique.id", "related.ip", "event.start", "event.end", "finding.family", "finding.count",
                "finding.event_ids", "finding.finding_ids", "finding.entity", "finding.level");
    }

    /** Fields of the documents that the template lacks or maps with an incompatible type; adds each path to seen. */
    private static List<String> unmapped(List<JsonNode> docs, Map<String, JsonNode> fields, Set<String> seen) {
        List<String> problems = new ArrayList<>();
        for (JsonNode doc : docs) {
            TemplateFields.flatten(doc, Set.of()).forEach((path, values) -> {
                seen.add(path);
                JsonNode def = fields.get(path);
                if (def == null) {
                    problems.add(path + " is not mapped");
                } else {
                    values.forEach(v -> {
                        String why = incompatible(path, def, v);
                        if (why != null) {
                            problems.add(path + ": " + why);
                        }
                    });
                }
            });
        }
        return problems;
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyFieldNamedInTheSchemaDocsIsMapped() throws IOException {
        Path docs = TestPaths.testData().resolveSibling("docs");
        Map<String, Set<String>> missing = new TreeMap<>();
        int checked = 0;
        for (String family : TemplateFields.FAMILIES) {
            Map<String, JsonNode> fields = fieldsOf(family);
            Set<String> named = schemaFields(docs.resolve("schema").resolve(family + ".md"));
            named.addAll(schemaFields(docs.resolve("SCHEMA.md")));
            assertThat(named).as(family).hasSizeGreaterThan(15);
            for (String f : named) {
                checked++;
                if (!fields.containsKey(f) && fields.keySet().stream().noneMatch(k -> k.startsWith(f + "."))) {
                    missing.computeIfAbsent(family, k -> new LinkedHashSet<>()).add(f);
                }
            }
        }
        assertThat(missing).isEmpty();
        assertThat(checked).isGreaterThan(200);
    }

    private static final Pattern TICKED = Pattern.compile("`([^`]+)`");

    /**
     * Field names in the "field" column of the tables of a schema doc: full dotted names, {@code a.{x,y}}, and the
     * short forms the docs use after a full name ({@code `a.b.c` / `d`} and {@code `.d`} mean {@code a.b.d}).
     * Patterns ({@code tgw_*}, {@code <other>}) and parenthesised remarks are left out.
     */
    static Set<String> schemaFields(Path md) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        int column = -1;
        for (String line : Files.readAllLines(md)) {
            if (!line.startsWith("|")) {
                column = -1;
                continue;
            }
            String[] cells = line.split("\\|", -1);
            if (column < 0) {
                for (int i = 0; i < cells.length; i++) {
                    if (cells[i].trim().equals("field")) {
                        column = i;
                    }
                }
                if (column < 0) {
                    column = Integer.MAX_VALUE; // a table without a field column
                }
                continue;
            }
            if (column >= cells.length || cells[column].trim().startsWith("---")) {
                continue;
            }
            String cell = cells[column].replaceAll("\\([^)]*\\)", "");
            String first = null;
            Matcher m = TICKED.matcher(cell);
            while (m.find()) {
                String t = m.group(1).trim();
                if (t.contains("*") || t.contains("<")) {
                    continue;
                }
                if (t.startsWith("@") || t.indexOf('.') > 0) {
                    int brace = t.indexOf(".{");
                    if (brace > 0 && t.endsWith("}")) {
                        for (String s : t.substring(brace + 2, t.length() - 1).split(",")) {
                            out.add(t.substring(0, brace + 1) + s.trim());
                        }
                    } else {
                        out.add(t);
                    }
                    first = first == null ? t : first;
                } else if (first != null && t.matches("\\.?[a-z_]+")) {
                    out.add(first.substring(0, first.lastIndexOf('.') + 1) + (t.startsWith(".") ? t.substring(1) : t));
                }
            }
        }
        return out;
    }

    @Test
    void mappingDecisions() {
        for (String family : List.of("cloudtrail", "vpcflow", "elb", "findings", "deadletter")) {
            Map<String, JsonNode> fields = fieldsOf(family);
            fields.forEach((path, def) -> {
                String type = def.path("type").asText();
                String leaf = path.substring(path.lastIndexOf('.') + 1);
                if (type.equals("keyword") && def.path("index").asBoolean(true)) {
                    // A longer value is kept in _source but not indexed, instead of failing the document.
                    assertThat(def.path("ignore_above").asInt()).as(path).isBetween(1024, 8191);
                }
                if (leaf.equals("ip")) {
                    assertThat(type).as(path).isEqualTo("ip");
                }
                if (Set.of("port", "bytes", "packets", "count", "number", "status_code", "severity").contains(leaf)) {
                    assertThat(type).as(path).isEqualTo("long");
                }
                if (path.endsWith(".geo.location")) {
                    assertThat(type).as(path).isEqualTo("geo_point");
                }
                if (path.contains(".flattened.")) {
                    assertThat(type).as(path).isEqualTo("flat_object");
                }
            });
        }
        Map<String, JsonNode> ct = fieldsOf("cloudtrail");
        assertThat(ct.get("event.original").toString())
                .isEqualTo("{\"type\":\"keyword\",\"index\":false,\"doc_values\":false}");
        assertThat(fieldsOf("deadletter").get("deadletter.original")).isEqualTo(ct.get("event.original"));
        assertThat(fieldsOf("deadletter").get("deadletter.original_base64")).isEqualTo(ct.get("event.original"));
        // Full text only where words matter; the rest stays exact (aggregations, term and wildcard queries).
        Set<String> text = new LinkedHashSet<>();
        for (String family : List.of("cloudtrail", "vpcflow", "elb", "findings", "deadletter")) {
            for (Map.Entry<String, JsonNode> e : fieldsOf(family).entrySet()) {
                if (e.getValue().path("type").asText().equals("text")) {
                    text.add(e.getKey());
                }
            }
        }
        assertThat(text).containsExactlyInAnyOrder("message", "user_agent.original.text",
                "source.as.organization.name.text", "destination.as.organization.name.text",
                "client.as.organization.name.text", "aws.cloudtrail.error_message", "url.original.text",
                "deadletter.reason", "rule.description");
        assertThat(ct.get("aws.cloudtrail.error_message.keyword").path("type").asText()).isEqualTo("keyword");
        // Enrichment fields exist before the enrichment step writes them.
        assertThat(ct).containsKeys("source.geo.location", "source.as.number", "user_agent.os.name",
                "user_agent.device.name", "network.community_id", "threat.indicator.ip", "destination.geo.country_iso_code");
        Map<String, JsonNode> findings = fieldsOf("findings");
        assertThat(findings.get("event.severity").path("type").asText()).isEqualTo("long");
        assertThat(findings.get("event.risk_score").path("type").asText()).isEqualTo("float");
        assertThat(findings.get("related.ip").path("type").asText()).isEqualTo("ip");
        assertThat(findings.get("event.start").path("type").asText()).isEqualTo("date");
        assertThat(findings).containsKeys("rule.id", "rule.name", "rule.ruleset", "rule.reference", "threat.technique.id",
                "threat.technique.name", "threat.tactic.id", "threat.tactic.name", "related.user", "related.hosts",
                "finding.family", "finding.count", "finding.event_ids", "finding.finding_ids", "finding.entity");
    }

    @Test
    void fieldCountsStayWellUnderTheLimit() {
        Map<String, Integer> counts = new TreeMap<>();
        for (String t : List.of("cloudtrail", "vpcflow", "elb", "findings", "deadletter")) {
            counts.put(t, fieldsOf(t).size());
        }
        System.out.println("mapped leaf fields per index template: " + counts);
        counts.values().forEach(n -> assertThat(n).isBetween(15, 500));
    }

    @Test
    void settingsRenameRepatternAndResizeTheTemplates() {
        IndexNames names = new IndexNames(IndexNames.Granularity.MONTH, Map.of(LogType.CLOUDTRAIL, "ct"));
        IndexSetup.Settings s = new IndexSetup.Settings(3, 2, "30s", "acme", names, "dl", "fi", 7);
        List<IndexSetup.Template> ts = new IndexSetup((m, p, b) -> null, s).templates();
        Map<String, JsonNode> byName = new TreeMap<>();
        ts.forEach(t -> byName.put(t.name(), t.body()));
        assertThat(byName.keySet()).containsExactly("acme-cloudtrail", "acme-cloudtrail-mappings", "acme-deadletter",
                "acme-ecs-mappings", "acme-elb", "acme-elb-mappings", "acme-findings", "acme-vpcflow",
                "acme-vpcflow-mappings");
        JsonNode ct = byName.get("acme-cloudtrail");
        assertThat(ct.path("index_patterns").toString()).isEqualTo("[\"ct\",\"ct-*\"]");
        assertThat(ct.path("composed_of").toString()).isEqualTo("[\"acme-ecs-mappings\",\"acme-cloudtrail-mappings\"]");
        assertThat(ct.path("template").path("settings").toString()).isEqualTo("{\"index\":{\"number_of_shards\":3,"
                + "\"number_of_replicas\":2,\"refresh_interval\":\"30s\",\"mapping\":{\"total_fields\":{\"limit\":1000}}}}");
        assertThat(byName.get("acme-vpcflow").path("index_patterns").toString())
                .isEqualTo("[\"log-aws-vpcflowlogs\",\"log-aws-vpcflowlogs-*\"]");
        assertThat(byName.get("acme-deadletter").path("index_patterns").toString()).isEqualTo("[\"dl\",\"dl-*\"]");
        assertThat(byName.get("acme-findings").path("index_patterns").toString()).isEqualTo("[\"fi\",\"fi-*\"]");

        IndexSetup.Template ism = new IndexSetup((m, p, b) -> null, s).ismPolicy();
        assertThat(ism.name()).isEqualTo("acme-retention");
        JsonNode policy = ism.body().path("policy");
        assertThat(policy.path("states").get(0).path("transitions").get(0).path("conditions").path("min_index_age")
                .asText()).isEqualTo("7d");
        assertThat(policy.path("states").get(1).path("actions").toString()).isEqualTo("[{\"delete\":{}}]");
        assertThat(policy.path("ism_template").get(0).path("index_patterns").toString()).isEqualTo(
                "[\"ct\",\"ct-*\",\"log-aws-vpcflowlogs\",\"log-aws-vpcflowlogs-*\",\"log-aws-elb\",\"log-aws-elb-*\","
                        + "\"dl\",\"dl-*\",\"fi\",\"fi-*\"]");
    }

    @Test
    void invalidSettingsNameTheSetting() {
        assertThatThrownBy(() -> new IndexSetup.Settings(0, 0, "5s", null, null, null, null, 0))
                .hasMessageContaining("index.shards");
        assertThatThrownBy(() -> new IndexSetup.Settings(1, -1, "5s", null, null, null, null, 0))
                .hasMessageContaining("index.replicas");
        assertThatThrownBy(() -> new IndexSetup.Settings(1, 0, "5 seconds", null, null, null, null, 0))
                .hasMessageContaining("index.refresh-interval");
        assertThatThrownBy(() -> new IndexSetup.Settings(1, 0, "5s", "Bad Name", null, null, null, 0))
                .hasMessageContaining("index.template-prefix");
        assertThatThrownBy(() -> new IndexSetup.Settings(1, 0, "5s", null, null, null, null, -3))
                .hasMessageContaining("index.retention-days");
        IndexSetup.Settings d = IndexSetup.Settings.defaults();
        assertThat(d.deadLetterPrefix()).isEqualTo("siem-deadletter");
        assertThat(d.findingsPrefix()).isEqualTo("siem-findings");
        assertThat(d.ismPolicyId()).isEqualTo("siemflink-retention");
        assertThat(new IndexSetup.Settings(1, 0, "-1", null, null, null, null, 0).templatePrefix()).isEqualTo("siemflink");
    }
}
