package io.siemflink.pipeline.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.testing.TestPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Test helpers: field tables of templates and mappings, golden documents flattened to dotted paths. */
final class TemplateFields {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> FAMILIES = List.of("cloudtrail", "vpcflow", "elb");

    private TemplateFields() {
    }

    /** Leaf fields (and multi-fields as {@code path.sub}) of a {@code properties} tree: path -> definition. */
    static Map<String, JsonNode> fields(JsonNode properties) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        collect(properties, "", out);
        return out;
    }

    private static void collect(JsonNode properties, String prefix, Map<String, JsonNode> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix + e.getKey();
            JsonNode def = e.getValue();
            if (def.has("properties")) {
                collect(def.get("properties"), path + ".", out);
            } else {
                out.put(path, def);
                def.path("fields").fields().forEachRemaining(f -> out.put(path + "." + f.getKey(), f.getValue()));
            }
        }
    }

    /** Every field an index created from the named index template gets: its components' plus its own. */
    static Map<String, JsonNode> indexFields(List<IndexSetup.Template> all, String indexTemplate) {
        IndexSetup.Template index = all.stream().filter(t -> t.name().equals(indexTemplate)).findFirst().orElseThrow();
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode c : index.body().path("composed_of")) {
            IndexSetup.Template comp = all.stream().filter(t -> t.name().equals(c.asText())).findFirst().orElseThrow();
            putAll(out, fields(comp.body().path("template").path("mappings").path("properties")), indexTemplate);
        }
        putAll(out, fields(index.body().path("template").path("mappings").path("properties")), indexTemplate);
        return out;
    }

    private static void putAll(Map<String, JsonNode> out, Map<String, JsonNode> add, String where) {
        add.forEach((k, v) -> {
            JsonNode prev = out.put(k, v);
            if (prev != null && !prev.equals(v)) {
                throw new AssertionError(where + ": " + k + " is mapped twice, differently: " + prev + " and " + v);
            }
        });
    }

    static Path golden(String family) {
        return TestPaths.testData().resolve("golden").resolve(family);
    }

    /** Every {@code golden/<family>/*.expected.json} entry. */
    static List<JsonNode> goldenEntries(String family) {
        try (Stream<Path> files = Files.list(golden(family))) {
            List<JsonNode> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".expected.json")).sorted().toList()) {
                JSON.readTree(f.toFile()).forEach(out::add);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> goldenDocs(String family) {
        return goldenEntries(family).stream().filter(e -> e.has("doc")).toList();
    }

    /** The golden dead letters as the parser made them, to feed DeadLetterDocs. */
    static List<DeadLetter> goldenDeadLetters(String family) {
        List<DeadLetter> out = new ArrayList<>();
        for (JsonNode e : goldenEntries(family)) {
            JsonNode d = e.get("dead_letter");
            if (d == null) {
                continue;
            }
            byte[] original = d.has("original")
                    ? d.get("original").asText().getBytes(StandardCharsets.UTF_8)
                    : Base64.getDecoder().decode(d.path("original_base64").asText());
            out.add(new DeadLetter(d.has("type") ? LogType.fromName(d.get("type").asText()) : null,
                    d.path("reason").asText(), original, d.path("original_length").asLong(original.length),
                    d.has("source") ? SourceRef.of(d.get("source").asText()) : null,
                    d.path("line").asLong(-1), d.path("offset").asLong(-1)));
        }
        return out;
    }

    /**
     * A document as dotted paths to their scalar values (array elements each on their own); nothing below a
     * path in {@code opaque} (flat_object fields) is expanded.
     */
    static Map<String, List<JsonNode>> flatten(JsonNode doc, java.util.Set<String> opaque) {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        flatten(doc, "", opaque, out);
        return out;
    }

    private static void flatten(JsonNode n, String path, java.util.Set<String> opaque, Map<String, List<JsonNode>> out) {
        if (opaque.contains(path)) {
            out.computeIfAbsent(path, k -> new ArrayList<>()).add(n);
        } else if (n.isObject()) {
            n.fields().forEachRemaining(e -> flatten(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
                    opaque, out));
        } else if (n.isArray()) {
            n.forEach(x -> flatten(x, path, opaque, out));
        } else {
            out.computeIfAbsent(path, k -> new ArrayList<>()).add(n);
        }
    }
}
