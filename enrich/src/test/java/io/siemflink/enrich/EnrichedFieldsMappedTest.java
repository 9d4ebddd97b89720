package io.siemflink.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Parsers;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.EventJson;
import io.siemflink.parsers.testing.TestPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every field enrichment adds to a document is mapped by the index templates (which refuse dynamic fields, so an
 * unmapped one would be stored but not searchable), with a type that takes its values.
 */
class EnrichedFieldsMappedTest {
    @Test
    void everyAddedFieldIsMappedWithAFittingType(@TempDir Path tmp) throws IOException {
        Path intel = Files.createDirectories(tmp.resolve("intel"));
        // indicators that hit the fixtures' addresses and domains, so the threat fields appear too
        Files.writeString(intel.resolve("hits.txt"), "89.160.20.0/24\n81.2.69.142\nexample.com\namazonaws.com\n");
        Map<String, JsonNode> mappings = templateFields();
        EnrichSettings s = EnrichSettings.builder().geoipDir(ElasticExpected.geoipDir().toString())
                .intelDir(intel.toString()).accounts(Map.of("123456789012", "prod", "111122223333", "dev")).build();
        Parsers parsers = new Parsers(ParserOptions.defaults());
        Set<String> added = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        try (Enricher enricher = Enricher.open(s)) {
            for (Path input : inputs()) {
                String family = input.getParent().getFileName().toString();
                LogType type = family.equals("elb_logs") || family.equals("beats-module") ? LogType.ELB
                        : LogType.fromName(family);
                CollectingSink sink = new CollectingSink();
                try (InputStream in = Files.newInputStream(input)) {
                    parsers.get(type).parse(in, SourceRef.of(input.getFileName().toString()), sink);
                }
                for (Event e : sink.events) {
                    Map<String, List<JsonNode>> before = leaves(EventJson.toJson(e));
                    enricher.enrich(e);
                    Map<String, List<JsonNode>> after = leaves(EventJson.toJson(e));
                    after.forEach((field, values) -> {
                        if (!before.containsKey(field) || !before.get(field).equals(values)) {
                            added.add(field);
                            check(field, values, mappings, problems);
                        }
                    });
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(added).contains("source.geo.location.lat", "destination.as.number", "user_agent.os.full",
                "network.community_id", "cloud.account.name", "threat.enrichments.matched.atomic",
                "threat.enrichments.indicator.ip", "threat.enrichments.indicator.domain", "threat.indicator.ip",
                "related.ip");
    }

    private static void check(String field, List<JsonNode> values, Map<String, JsonNode> mappings, List<String> out) {
        String path = field.endsWith(".location.lat") || field.endsWith(".location.lon")
                ? field.substring(0, field.lastIndexOf('.')) : field;
        JsonNode def = mappings.get(path);
        if (def == null) {
            out.add(field + " is not mapped");
            return;
        }
        String type = def.path("type").asText();
        for (JsonNode v : values) {
            boolean fits = switch (type) {
                case "keyword", "text" -> v.isTextual();
                case "long" -> v.isIntegralNumber();
                case "float", "double" -> v.isNumber();
                case "geo_point" -> v.isNumber();
                case "ip" -> v.isTextual() && io.siemflink.parsers.IpAddresses.isIp(v.asText());
                default -> false;
            };
            if (!fits) {
                out.add(field + " is mapped as " + type + " but gets " + v);
            }
        }
    }

    private static List<Path> inputs() throws IOException {
        try (Stream<Path> s = Files.walk(TestPaths.fixtures().resolve("elastic"))) {
            return s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
    }

    /** Leaf fields of the shared and per-family component templates. */
    private static Map<String, JsonNode> templateFields() throws IOException {
        Path dir = TestPaths.testData().getParent().resolve("pipeline/src/main/resources/opensearch");
        Map<String, JsonNode> out = new HashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.getFileName().toString().startsWith("component-")).toList()) {
                collect(ElasticExpected.JSON.readTree(f.toFile()).path("template").path("mappings").path("properties"),
                        "", out);
            }
        }
        return out;
    }

    private static void collect(JsonNode props, String prefix, Map<String, JsonNode> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().has("properties")) {
                collect(e.getValue().get("properties"), prefix + e.getKey() + ".", out);
            } else {
                out.put(prefix + e.getKey(), e.getValue());
            }
        }
    }

    /** Dotted path -> values (array elements each on their own, objects in arrays expanded). */
    private static Map<String, List<JsonNode>> leaves(String json) throws IOException {
        Map<String, List<JsonNode>> out = new HashMap<>();
        leaves(ElasticExpected.JSON.readTree(json), "", out);
        return out;
    }

    private static void leaves(JsonNode n, String path, Map<String, List<JsonNode>> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> leaves(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out));
        } else if (n.isArray()) {
            n.forEach(x -> leaves(x, path, out));
        } else {
            out.computeIfAbsent(path, k -> new ArrayList<>()).add(n);
        }
    }
}
