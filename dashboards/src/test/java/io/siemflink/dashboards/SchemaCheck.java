package io.siemflink.dashboards;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What is wrong with a panel against the fields of its index pattern: missing fields, types it cannot aggregate. */
final class SchemaCheck {
    private SchemaCheck() {
    }

    static List<String> problems(SavedObjectsFile.Panel p, TemplateMappings.Fields f) {
        List<String> out = new ArrayList<>();
        for (SavedObjectsFile.AggSpec a : p.aggs()) {
            String field = a.field();
            if (a.type().equals("count") || a.type().equals("filters")) {
                if (field != null) {
                    out.add(a.type() + " takes no field");
                }
            } else if (field == null) {
                out.add(a.type() + " has no field");
            } else if (!f.fields().containsKey(field)) {
                out.add(a.type() + " on " + field + ": no such field in the templates");
            } else if (f.conflicts().contains(field)) {
                out.add(a.type() + " on " + field + ": mapped with different types by the templates the pattern spans");
            } else if (!f.aggregatable(field)) {
                out.add(a.type() + " on " + field + ": " + f.type(field) + " cannot be aggregated");
            } else if (!fits(a.type(), f.type(field))) {
                out.add(a.type() + " on " + field + ": needs another type than " + f.type(field));
            }
            a.filters().values().forEach(q -> queryProblems(q, f, out));
        }
        queryProblems(p.query(), f, out);
        for (String c : p.columns()) {
            if (!f.exists(c)) {
                out.add("column " + c + ": no such field in the templates");
            }
        }
        for (String c : p.controlFields()) {
            if (!f.aggregatable(c)) {
                out.add("control on " + c + ": not an aggregatable field");
            }
        }
        return out;
    }

    private static boolean fits(String agg, String type) {
        boolean numeric = TemplateMappings.NUMERIC.contains(type);
        return switch (agg) {
            case "date_histogram" -> type.equals("date") || type.equals("date_nanos");
            case "geohash_grid" -> type.equals("geo_point");
            case "sum", "avg", "percentiles" -> numeric;
            case "min", "max" -> numeric || type.equals("date");
            case "terms", "cardinality" -> !type.equals("geo_point");
            default -> false;
        };
    }

    private static void queryProblems(String query, TemplateMappings.Fields f, List<String> out) {
        Set<String> fields = LuceneFields.of(query);
        for (String field : fields) {
            if (!f.exists(field)) {
                out.add("query names " + field + ": no such field in the templates");
            }
        }
    }
}
