package io.siemflink.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A saved visualization turned into the OpenSearch search OSD sends for it: the panel's Lucene query as a
 * {@code query_string} (OSD's translation of the lucene language, with {@code analyze_wildcard}), a time-range filter
 * on the index pattern's time field (here: all of time), bucket aggregations nested outermost first with the
 * metrics inside the innermost one, and terms ordered by their metric (which OSD nests under the terms for that).
 * The one liberty: {@code interval: auto} becomes a fixed interval, since there is no dashboard time range to size it.
 */
final class PanelSearch {
    static final String AUTO_INTERVAL = "1h";

    private PanelSearch() {
    }

    static ObjectNode body(SavedObjectsFile.Panel p, String timeField) {
        ObjectNode body = SavedObjectsFile.JSON.createObjectNode();
        body.put("size", p.type().equals("search") ? 1 : 0);
        body.put("track_total_hits", true);
        body.set("query", query(p.query(), timeField));
        List<SavedObjectsFile.AggSpec> buckets = p.buckets();
        List<SavedObjectsFile.AggSpec> metrics = p.metrics();
        if (!buckets.isEmpty() || metrics.stream().anyMatch(m -> !m.type().equals("count"))) {
            body.set("aggs", aggs(buckets, 0, metrics));
        }
        return body;
    }

    static ObjectNode query(String query, String timeField) {
        ObjectNode bool = SavedObjectsFile.JSON.createObjectNode();
        ObjectNode b = bool.putObject("bool");
        if (query != null && !query.isBlank()) {
            b.putArray("must").add(queryString(query));
        }
        b.putArray("filter").addObject().putObject("range").putObject(timeField)
                .put("gte", "1970-01-01T00:00:00.000Z").put("lte", "now").put("format", "strict_date_optional_time");
        return bool;
    }

    static ObjectNode queryString(String query) {
        ObjectNode q = SavedObjectsFile.JSON.createObjectNode();
        q.putObject("query_string").put("query", query).put("analyze_wildcard", true);
        return q;
    }

    private static ObjectNode aggs(List<SavedObjectsFile.AggSpec> buckets, int level, List<SavedObjectsFile.AggSpec> metrics) {
        ObjectNode out = SavedObjectsFile.JSON.createObjectNode();
        if (level == buckets.size()) {
            for (SavedObjectsFile.AggSpec m : metrics) {
                if (!m.type().equals("count")) {
                    out.set(m.id(), metric(m));
                }
            }
            return out;
        }
        SavedObjectsFile.AggSpec b = buckets.get(level);
        ObjectNode agg = out.putObject(b.id());
        JsonNode params = b.params();
        switch (b.type()) {
            case "terms" -> {
                ObjectNode t = agg.putObject("terms");
                t.put("field", b.field());
                t.put("size", params.path("size").asInt(10));
                SavedObjectsFile.AggSpec order = metrics.stream()
                        .filter(m -> m.id().equals(params.path("orderBy").asText())).findFirst().orElse(null);
                if (order == null || order.type().equals("count")) {
                    t.putObject("order").put("_count", params.path("order").asText("desc"));
                } else {
                    t.putObject("order").put(order.id(), params.path("order").asText("desc"));
                }
            }
            case "date_histogram" -> {
                ObjectNode h = agg.putObject("date_histogram");
                h.put("field", b.field());
                String interval = params.path("interval").asText("auto");
                h.put("fixed_interval", interval.equals("auto") ? AUTO_INTERVAL : interval);
                h.put("min_doc_count", params.path("min_doc_count").asInt(1));
                h.put("time_zone", "UTC");
            }
            case "filters" -> {
                ObjectNode filters = agg.putObject("filters").putObject("filters");
                for (Map.Entry<String, String> f : b.filters().entrySet()) {
                    filters.set(f.getKey(), queryString(f.getValue()));
                }
            }
            case "geohash_grid" -> agg.putObject("geohash_grid").put("field", b.field()).put("precision", params.path("precision").asInt(2));
            default -> throw new IllegalArgumentException("no translation for bucket aggregation " + b.type());
        }
        ObjectNode sub = aggs(buckets, level + 1, metrics);
        // The metric a terms is ordered by must be below it, at every level (OSD adds it there).
        if (b.type().equals("terms") && level + 1 < buckets.size()) {
            metrics.stream().filter(m -> m.id().equals(params.path("orderBy").asText()) && !m.type().equals("count"))
                    .forEach(m -> sub.set(m.id(), metric(m)));
        }
        if (sub.size() > 0) {
            agg.set("aggs", sub);
        }
        return out;
    }

    static ObjectNode metric(SavedObjectsFile.AggSpec m) {
        ObjectNode out = SavedObjectsFile.JSON.createObjectNode();
        ObjectNode body = out.putObject(m.type());
        body.put("field", m.field());
        if (m.type().equals("percentiles")) {
            ArrayNode percents = body.putArray("percents");
            m.params().path("percents").forEach(percents::add);
        }
        return out;
    }

    /** What came back empty: "" when every bucket level has a bucket with documents and every metric a value. */
    static String emptiness(SavedObjectsFile.Panel p, JsonNode response) {
        if (response.path("hits").path("total").path("value").asLong() == 0) {
            return "the query matches no document";
        }
        List<SavedObjectsFile.AggSpec> buckets = p.buckets();
        List<JsonNode> leaves = new ArrayList<>();
        if (buckets.isEmpty()) {
            leaves.add(response.path("aggregations"));
        } else {
            collectLeaves(response.path("aggregations").path(buckets.get(0).id()), buckets, 0, leaves);
            if (leaves.isEmpty()) {
                return "no bucket path with documents through all " + buckets.size() + " bucket aggregations";
            }
        }
        for (SavedObjectsFile.AggSpec m : p.metrics()) {
            if (!m.type().equals("count") && leaves.stream().noneMatch(l -> hasValue(l.path(m.id())))) {
                return "metric " + m.type() + " of " + m.field() + " has no value in any bucket";
            }
        }
        return "";
    }

    private static void collectLeaves(JsonNode agg, List<SavedObjectsFile.AggSpec> buckets, int level, List<JsonNode> out) {
        JsonNode bs = agg.path("buckets");
        List<JsonNode> list = new ArrayList<>();
        if (bs.isArray()) {
            bs.forEach(list::add);
        } else {
            bs.fields().forEachRemaining(e -> list.add(e.getValue()));
        }
        for (JsonNode b : list) {
            if (b.path("doc_count").asLong() == 0) {
                continue;
            }
            if (level + 1 == buckets.size()) {
                out.add(b);
            } else {
                collectLeaves(b.path(buckets.get(level + 1).id()), buckets, level + 1, out);
            }
        }
    }

    private static boolean hasValue(JsonNode metric) {
        if (metric.has("values")) {
            for (JsonNode v : metric.path("values")) {
                if (!v.isNull()) {
                    return true;
                }
            }
            return false;
        }
        return metric.has("value") && !metric.path("value").isNull();
    }
}
