package io.siemflink.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siemflink.parsers.testing.Conformance;
import io.siemflink.parsers.testing.TestPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Elastic's expected documents (AWS integration pipeline tests) in {@code ../shared/fixtures/elastic}, flattened. */
public final class ElasticExpected {
    public static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Differences from Elastic that come from the regexes' age, not from our evaluation: agent -> field -> our value.
     * Elastic's regexes.yaml still had {@code (Firefox)/(\d+)\.(\d+)(pre|[ab]\d+[a-z]*|)} first, whose empty third
     * group gives "24.0."; the uap-core in uap-java 1.6.1 matches {@code (?:\.(\d+)|$)} first, giving "24.0".
     */
    public static final Map<String, Map<String, String>> REGEX_VERSION_DEVIATIONS = Map.of(
            "Mozilla/5.0 (Windows NT 6.1; WOW64; rv:24.0) Gecko/20100101 Firefox/24.0",
            Map.of("user_agent.version", "24.0"));

    /** One expected document: its file, index in the file, and dotted fields. */
    public record Doc(String file, int index, Map<String, JsonNode> fields) {
        public String text(String field) {
            JsonNode n = fields.get(field);
            return n == null ? null : n.asText();
        }

        @Override
        public String toString() {
            return file + "#" + index;
        }
    }

    private ElasticExpected() {
    }

    public static Path geoipDir() {
        return TestPaths.fixtures().resolve("geoip");
    }

    /** Every expected document of every family. */
    public static List<Doc> all() {
        List<Doc> out = new ArrayList<>();
        Path root = TestPaths.fixtures().resolve("elastic");
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.filter(p -> p.toString().endsWith("-expected.json")).sorted().toList()) {
                JsonNode docs = JSON.readTree(f.toFile());
                docs = docs.has("expected") ? docs.get("expected") : docs;
                int i = 0;
                for (JsonNode d : docs) {
                    if (!d.isNull()) {
                        out.add(new Doc(root.relativize(f).toString(), i, Conformance.flatten(d)));
                    }
                    i++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
