package io.siemflink.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test view of an NDJSON of saved objects, read back the way OSD reads it (nested JSON strings parsed, references
 * resolved by name): the checks look at the artifact, not at the definitions it came from.
 */
final class SavedObjectsFile {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One aggregation of a visualization. */
    record AggSpec(String id, String type, String schema, JsonNode params) {
        String field() {
            return params.path("field").asText(null);
        }

        /** filters aggregation: label -> Lucene query. */
        Map<String, String> filters() {
            Map<String, String> out = new LinkedHashMap<>();
            for (JsonNode f : params.path("filters")) {
                out.put(f.path("label").asText(), f.path("input").path("query").asText());
            }
            return out;
        }

        boolean metric() {
            return schema.equals("metric");
        }
    }

    /** A visualization or saved search, with what a check needs. */
    record Panel(String type, String id, String title, String visType, String indexPatternId, String query,
                 List<AggSpec> aggs, List<String> columns, List<String> controlFields) {
        boolean hasData() {
            return indexPatternId != null;
        }

        List<AggSpec> metrics() {
            return aggs.stream().filter(AggSpec::metric).toList();
        }

        List<AggSpec> buckets() {
            return aggs.stream().filter(a -> !a.metric()).toList();
        }

        String label() {
            return type + " " + id + " (" + title + ")";
        }
    }

    final List<JsonNode> objects;

    SavedObjectsFile(List<JsonNode> objects) {
        this.objects = objects;
    }

    static SavedObjectsFile parse(String ndjson) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            if (!line.isBlank()) {
                try {
                    out.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException("not JSON: " + line, e);
                }
            }
        }
        return new SavedObjectsFile(out);
    }

    static SavedObjectsFile read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    static SavedObjectsFile generated() {
        return parse(SavedObjects.ndjson(SavedObjects.generate(DefinitionLoader.load())));
    }

    static JsonNode nested(JsonNode object, String... path) {
        JsonNode n = object.path("attributes");
        for (String p : path) {
            n = n.path(p);
        }
        try {
            return JSON.readTree(n.asText());
        } catch (IOException e) {
            throw new UncheckedIOException(object.path("id").asText() + ": " + String.join(".", path) + " is not JSON", e);
        }
    }

    List<JsonNode> ofType(String type) {
        return objects.stream().filter(o -> o.path("type").asText().equals(type)).toList();
    }

    JsonNode get(String type, String id) {
        return objects.stream().filter(o -> o.path("type").asText().equals(type) && o.path("id").asText().equals(id))
                .findFirst().orElse(null);
    }

    static String refId(JsonNode object, String refName) {
        for (JsonNode r : object.path("references")) {
            if (r.path("name").asText().equals(refName)) {
                return r.path("id").asText();
            }
        }
        return null;
    }

    /** Index pattern id -> its title. */
    Map<String, String> indexPatternTitles() {
        Map<String, String> out = new LinkedHashMap<>();
        ofType("index-pattern").forEach(p -> out.put(p.path("id").asText(), p.path("attributes").path("title").asText()));
        return out;
    }

    /** Every visualization and saved search. */
    List<Panel> panels() {
        List<Panel> out = new ArrayList<>();
        for (JsonNode o : objects) {
            String type = o.path("type").asText();
            if (!type.equals("visualization") && !type.equals("search")) {
                continue;
            }
            JsonNode source = nested(o, "kibanaSavedObjectMeta", "searchSourceJSON");
            String indexRef = source.path("indexRefName").asText(null);
            String query = source.path("query").path("query").asText("");
            List<AggSpec> aggs = new ArrayList<>();
            List<String> columns = new ArrayList<>();
            List<String> controls = new ArrayList<>();
            String visType = type;
            if (type.equals("visualization")) {
                JsonNode vis = nested(o, "visState");
                visType = vis.path("type").asText();
                for (JsonNode a : vis.path("aggs")) {
                    aggs.add(new AggSpec(a.path("id").asText(), a.path("type").asText(), a.path("schema").asText(), a.path("params")));
                }
                for (JsonNode c : vis.path("params").path("controls")) {
                    controls.add(c.path("fieldName").asText());
                }
            } else {
                o.path("attributes").path("columns").forEach(c -> columns.add(c.asText()));
            }
            out.add(new Panel(type, o.path("id").asText(), o.path("attributes").path("title").asText(), visType,
                    indexRef == null ? null : refId(o, indexRef), query, aggs, columns, controls));
        }
        return out;
    }
}
