package io.siemflink.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Parsers;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.EventJson;
import io.siemflink.parsers.testing.Conformance;
import io.siemflink.parsers.testing.TestPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The whole chain on Elastic's own inputs: every pipeline-test input is parsed by our parser and enriched with the
 * MaxMind test databases; the enrichment fields of each document (geo and as of source and destination, parsed
 * user agent, community_id) must equal those of Elastic's expected document for the same record.
 */
class EnrichConformanceTest {
    static final List<String> PREFIXES = List.of("source.geo.", "source.as.", "destination.geo.", "destination.as.",
            "user_agent.name", "user_agent.version", "user_agent.os.", "user_agent.device.", "network.community_id");

    @Test
    void enrichedDocumentsMatchElasticsExpectedOnes() throws IOException {
        Path root = TestPaths.fixtures().resolve("elastic");
        Parsers parsers = new Parsers(ParserOptions.defaults().withKeepOriginal(true));
        EnrichSettings settings = EnrichSettings.builder().geoipDir(ElasticExpected.geoipDir().toString()).build();
        List<String> mismatches = new ArrayList<>();
        int documents = 0;
        int values = 0;
        try (Enricher enricher = Enricher.open(settings)) {
            for (String family : List.of("cloudtrail", "vpcflow", "elb_logs")) {
                LogType type = family.equals("elb_logs") ? LogType.ELB : LogType.fromName(family);
                List<Path> inputs;
                try (Stream<Path> s = Files.list(root.resolve(family))) {
                    inputs = s.filter(p -> p.toString().endsWith(".log")
                            && Files.exists(p.resolveSibling(p.getFileName() + "-expected.json"))).sorted().toList();
                }
                for (Path input : inputs) {
                    CollectingSink sink = new CollectingSink();
                    try (InputStream in = Files.newInputStream(input)) {
                        parsers.get(type).parse(in, SourceRef.of(input.getFileName().toString()), sink);
                    }
                    Map<String, Event> byOriginal = new HashMap<>();
                    for (Event e : sink.events) {
                        enricher.enrich(e);
                        byOriginal.put(key(type, e.original()), e);
                    }
                    JsonNode expected = ElasticExpected.JSON.readTree(
                            input.resolveSibling(input.getFileName() + "-expected.json").toFile()).get("expected");
                    for (int i = 0; i < expected.size(); i++) {
                        Map<String, JsonNode> exp = Conformance.flatten(expected.get(i));
                        JsonNode original = exp.get("event.original");
                        if (original == null) {
                            continue; // a blank input line (a skip here)
                        }
                        Event e = byOriginal.get(key(type, original.asText()));
                        if (e == null) {
                            if (exp.keySet().stream().noneMatch(k -> k.startsWith("aws.cloudtrail.flattened.digest"))) {
                                // digest files are skipped by the parser; anything else must have an event
                                mismatches.add(input.getFileName() + "#" + i + ": no event for this record");
                            }
                            continue;
                        }
                        Map<String, JsonNode> act = Conformance.flatten(ElasticExpected.JSON.readTree(EventJson.toJson(e)));
                        Map<String, JsonNode> want = enrichment(exp);
                        declaredDeviations(exp, want, act);
                        Map<String, JsonNode> got = enrichment(act);
                        documents++;
                        values += want.size();
                        if (!want.keySet().equals(got.keySet())
                                || !want.keySet().stream().allMatch(k -> Conformance.valuesEqual(want.get(k), got.get(k)))) {
                            mismatches.add(input.getFileName() + "#" + i + ": expected " + want + ", got " + got);
                        }
                    }
                }
            }
            assertThat(enricher.stats().errors).isZero();
        }
        assertThat(mismatches).isEmpty();
        assertThat(documents).isGreaterThanOrEqualTo(55);
        assertThat(values).as("enrichment values compared").isGreaterThanOrEqualTo(550);
        System.out.println("enrichment conformance: " + documents + " documents, " + values + " values equal to Elastic's");
    }

    private static String key(LogType type, String original) throws IOException {
        // CloudTrail: the record's JSON, whatever its spacing; line formats: the line.
        return type == LogType.CLOUDTRAIL ? ElasticExpected.JSON.readTree(original).toString() : original;
    }

    /** Differences declared per document, with their reason; applied to the expected side. */
    private static void declaredDeviations(Map<String, JsonNode> exp, Map<String, JsonNode> want,
                                           Map<String, JsonNode> act) {
        String ua = exp.containsKey("user_agent.original") ? exp.get("user_agent.original").asText() : null;
        if ("-".equals(ua)) {
            // "-" is no agent: our parsers leave user_agent.original out, so there is nothing to parse.
            want.keySet().removeIf(k -> k.startsWith("user_agent."));
        }
        if (ua != null) {
            ElasticExpected.REGEX_VERSION_DEVIATIONS.getOrDefault(ua, Map.of())
                    .forEach((k, v) -> want.put(k, TextNode.valueOf(v)));
        }
    }

    private static Map<String, JsonNode> enrichment(Map<String, JsonNode> doc) {
        Map<String, JsonNode> m = new TreeMap<>();
        doc.forEach((k, v) -> {
            if (PREFIXES.stream().anyMatch(k::startsWith)) {
                m.put(k, v);
            }
        });
        return m;
    }
}
