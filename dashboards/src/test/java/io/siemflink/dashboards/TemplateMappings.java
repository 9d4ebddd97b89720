package io.siemflink.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import io.siemflink.pipeline.opensearch.IndexSetup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The fields an index pattern sees, from the index templates the pipeline installs (components + index
 * template), with the types OSD derives "aggregatable" from. A field mapped with different types by two templates
 * that one pattern spans is a conflict: OSD can aggregate on neither.
 */
final class TemplateMappings {
    static final Set<String> NUMERIC = Set.of("long", "integer", "short", "byte", "double", "float", "half_float",
            "scaled_float", "unsigned_long");
    static final Set<String> META = Set.of("_id", "_index");

    /** field -> mapping definition, and the fields with conflicting types. */
    record Fields(Map<String, JsonNode> fields, Set<String> conflicts, List<String> templates) {
        String type(String field) {
            JsonNode d = fields.get(field);
            return d == null ? null : d.path("type").asText("object");
        }

        boolean exists(String field) {
            return fields.containsKey(field) || META.contains(field) || isFlatObjectPath(field);
        }

        /** A dotted path below a flat_object field is queryable (not aggregatable in our checks). */
        private boolean isFlatObjectPath(String field) {
            return fields.entrySet().stream().anyMatch(e -> e.getValue().path("type").asText().equals("flat_object")
                    && field.startsWith(e.getKey() + "."));
        }

        /** OSD's aggregatable: doc values, no conflict, not text / flat_object / object. */
        boolean aggregatable(String field) {
            JsonNode d = fields.get(field);
            if (d == null || conflicts.contains(field)) {
                return false;
            }
            String t = type(field);
            if (!d.path("doc_values").asBoolean(true) || !d.path("index").asBoolean(true)) {
                return false;
            }
            return t.equals("keyword") || NUMERIC.contains(t) || t.equals("date") || t.equals("date_nanos")
                    || t.equals("ip") || t.equals("boolean") || t.equals("geo_point");
        }
    }

    private final List<IndexSetup.Template> templates =
            new IndexSetup((m, p, b) -> null, IndexSetup.Settings.defaults()).templates();

    /** Fields of every index the pattern (an OSD index pattern title, e.g. {@code log-aws-*}) can match. */
    Fields forPattern(String title) {
        Pattern glob = Pattern.compile(title.replace(".", "\\.").replace("*", ".*"));
        Map<String, JsonNode> out = new LinkedHashMap<>();
        Set<String> conflicts = new TreeSet<>();
        List<String> matched = new ArrayList<>();
        for (IndexSetup.Template t : templates) {
            if (t.kind() != IndexSetup.Kind.INDEX) {
                continue;
            }
            // A concrete daily index of this template, as the sink names it.
            String index = t.body().path("index_patterns").get(0).asText() + "-2024-05-01";
            if (!glob.matcher(index).matches()) {
                continue;
            }
            matched.add(t.name());
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            for (JsonNode c : t.body().path("composed_of")) {
                IndexSetup.Template comp = templates.stream().filter(x -> x.name().equals(c.asText())).findFirst().orElseThrow();
                collect(comp.body().path("template").path("mappings").path("properties"), "", fields);
            }
            collect(t.body().path("template").path("mappings").path("properties"), "", fields);
            fields.forEach((k, v) -> {
                JsonNode prev = out.putIfAbsent(k, v);
                if (prev != null && !prev.path("type").asText().equals(v.path("type").asText())) {
                    conflicts.add(k);
                }
            });
        }
        return new Fields(out, conflicts, matched);
    }

    static void collect(JsonNode properties, String prefix, Map<String, JsonNode> out) {
        properties.fields().forEachRemaining(e -> {
            String path = prefix + e.getKey();
            JsonNode def = e.getValue();
            if (def.has("properties")) {
                collect(def.get("properties"), path + ".", out);
            } else {
                out.put(path, def);
                def.path("fields").fields().forEachRemaining(f -> out.put(path + "." + f.getKey(), f.getValue()));
            }
        });
    }
}
