package io.siemflink.dashboards;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siemflink.dashboards.Definitions.Agg;
import io.siemflink.dashboards.Definitions.Filter;
import java.util.List;

/** The {@code visState.aggs} entries, in the shape OSD's aggregation editor saves them. */
final class Aggs {
    static final List<Double> DEFAULT_PERCENTS = List.of(50.0, 95.0, 99.0);

    private Aggs() {
    }

    static ObjectNode metric(String id, Agg m) {
        ObjectNode a = head(id, m.agg(), "metric");
        ObjectNode params = a.putObject("params");
        if (m.field() != null) {
            params.put("field", m.field());
        }
        if (m.agg().equals("percentiles")) {
            ArrayNode percents = params.putArray("percents");
            (m.percents() == null ? DEFAULT_PERCENTS : m.percents()).forEach(percents::add);
        }
        if (m.label() != null) {
            params.put("customLabel", m.label());
        }
        return a;
    }

    static ObjectNode bucket(String id, String schema, Agg b, List<Agg> metrics) {
        ObjectNode a = head(id, b.agg(), schema);
        ObjectNode params = a.putObject("params");
        switch (b.agg()) {
            case "terms" -> {
                params.put("field", b.field());
                // Order by the chosen metric (its agg id is its 1-based position); count is OSD's "1" too.
                params.put("orderBy", String.valueOf(b.orderBy() == null ? 1 : b.orderBy()));
                params.put("order", "desc");
                params.put("size", b.size() == null ? 10 : b.size());
                params.put("otherBucket", false);
                params.put("otherBucketLabel", "Other");
                params.put("missingBucket", false);
                params.put("missingBucketLabel", "Missing");
            }
            case "date_histogram" -> {
                params.put("field", b.field() == null ? "@timestamp" : b.field());
                params.put("interval", b.interval() == null ? "auto" : b.interval());
                params.put("drop_partials", false);
                params.put("min_doc_count", 1);
                params.putObject("extended_bounds");
            }
            case "filters" -> {
                ArrayNode filters = params.putArray("filters");
                for (Filter f : b.filters()) {
                    ObjectNode e = filters.addObject();
                    e.putObject("input").put("query", f.query()).put("language", "lucene");
                    e.put("label", f.label());
                }
            }
            case "geohash_grid" -> {
                params.put("field", b.field());
                params.put("autoPrecision", true);
                params.put("precision", 2);
                params.put("useGeocentroid", true);
                params.put("isFilteredByCollar", true);
            }
            default -> throw new IllegalStateException(b.agg());
        }
        if (b.label() != null) {
            params.put("customLabel", b.label());
        }
        return a;
    }

    private static ObjectNode head(String id, String type, String schema) {
        ObjectNode a = SavedObjects.JSON.createObjectNode();
        a.put("id", id);
        a.put("enabled", true);
        a.put("type", type);
        a.put("schema", schema);
        return a;
    }
}
