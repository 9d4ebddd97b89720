package io.siemflink.dashboards;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siemflink.dashboards.Definitions.Agg;
import io.siemflink.dashboards.Definitions.Catalog;
import io.siemflink.dashboards.Definitions.Dashboard;
import io.siemflink.dashboards.Definitions.IndexPattern;
import io.siemflink.dashboards.Definitions.Panel;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the definitions into OpenSearch Dashboards 2.x saved objects (index-pattern, visualization, search,
 * dashboard). Output is deterministic: ids come from the definition ids, objects and keys are always written in
 * the same order, so the committed NDJSON can be compared with a fresh generation.
 */
public final class SavedObjects {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Migration versions of the object types as OSD 2.x (a fork of Kibana 7.10.2) exports them. */
    static final Map<String, String> MIGRATION = Map.of("index-pattern", "7.6.0", "visualization", "7.10.0",
            "search", "7.9.3", "dashboard", "7.9.3");
    /** Kibana-7.10.2 compatible panel version: older ones (< 7.3) would be migrated again by the dashboard app. */
    static final String PANEL_VERSION = "7.10.2";
    static final String INDEX_REF = "kibanaSavedObjectMeta.searchSourceJSON.index";
    static final int GRID_COLUMNS = 48;

    private SavedObjects() {
    }

    public static String indexPatternId(String id) {
        return "siemflink-" + id;
    }

    public static String panelObjectId(Dashboard d, Panel p) {
        return "siemflink-" + d.id() + "-" + p.id();
    }

    public static String dashboardId(Dashboard d) {
        return "siemflink-dashboard-" + d.id();
    }

    /** Every saved object: index patterns, then per dashboard its panels' objects and the dashboard itself. */
    public static List<ObjectNode> generate(Catalog catalog) {
        List<ObjectNode> out = new ArrayList<>();
        for (IndexPattern p : catalog.indexPatterns()) {
            out.add(indexPattern(p));
        }
        for (Dashboard d : catalog.dashboards()) {
            for (Panel p : d.panels()) {
                out.add(VisType.of(p.vis()) == VisType.SEARCH ? search(d, p) : visualization(d, p));
            }
            out.add(dashboard(d));
        }
        return out;
    }

    /** One object per line, compact, in generation order. */
    public static String ndjson(List<ObjectNode> objects) {
        StringBuilder sb = new StringBuilder();
        for (ObjectNode o : objects) {
            sb.append(json(o)).append('\n');
        }
        return sb.toString();
    }

    public static byte[] ndjsonBytes(Catalog catalog) {
        return ndjson(generate(catalog)).getBytes(StandardCharsets.UTF_8);
    }

    static ObjectNode indexPattern(IndexPattern p) {
        ObjectNode attrs = JSON.createObjectNode();
        attrs.put("title", p.title());
        attrs.put("timeFieldName", p.timeField());
        // Empty: OSD reads the fields from the cluster (field_caps) when it first opens the pattern, so they are
        // always those of the installed templates.
        attrs.put("fields", "[]");
        if (p.fieldFormats() != null && !p.fieldFormats().isEmpty()) {
            ObjectNode formats = JSON.createObjectNode();
            p.fieldFormats().forEach((field, f) -> {
                ObjectNode params = formats.putObject(field).put("id", "url").putObject("params");
                params.put("type", "a");
                params.put("urlTemplate", f.urlTemplate());
                params.put("labelTemplate", f.labelTemplate() == null ? "{{value}}" : f.labelTemplate());
            });
            attrs.put("fieldFormatMap", json(formats));
        }
        return object("index-pattern", indexPatternId(p.id()), attrs, JSON.createArrayNode());
    }

    static ObjectNode visualization(Dashboard d, Panel p) {
        VisType vis = VisType.of(p.vis());
        ObjectNode visState = JSON.createObjectNode();
        visState.put("title", p.title());
        visState.put("type", vis.osdName);
        List<Agg> metrics = metrics(p);
        ArrayNode aggs = visState.putArray("aggs");
        if (vis.hasData()) {
            for (int i = 0; i < metrics.size(); i++) {
                aggs.add(Aggs.metric(String.valueOf(i + 1), metrics.get(i)));
            }
            List<Agg> buckets = p.buckets() == null ? List.of() : p.buckets();
            for (int i = 0; i < buckets.size(); i++) {
                aggs.add(Aggs.bucket(String.valueOf(metrics.size() + i + 1), vis.bucketSchema(i), buckets.get(i), metrics));
            }
        }
        ArrayNode refs = JSON.createArrayNode();
        visState.set("params", VisParams.of(vis, p, metrics, refs, indexPatternId(index(d, p))));

        ObjectNode attrs = JSON.createObjectNode();
        attrs.put("title", p.title());
        attrs.put("description", p.description() == null ? "" : p.description());
        attrs.put("visState", json(visState));
        attrs.put("uiStateJSON", "{}");
        attrs.put("version", 1);
        ObjectNode source = searchSource(vis.hasData() ? p.query() : null);
        if (vis.hasData()) {
            source.put("indexRefName", INDEX_REF);
            refs.insert(0, ref(INDEX_REF, "index-pattern", indexPatternId(index(d, p))));
        }
        attrs.putObject("kibanaSavedObjectMeta").put("searchSourceJSON", json(source));
        return object("visualization", panelObjectId(d, p), attrs, refs);
    }

    static ObjectNode search(Dashboard d, Panel p) {
        ObjectNode attrs = JSON.createObjectNode();
        attrs.put("title", p.title());
        attrs.put("description", p.description() == null ? "" : p.description());
        attrs.put("hits", 0);
        ArrayNode columns = attrs.putArray("columns");
        p.columns().forEach(columns::add);
        attrs.putArray("sort").addArray().add("@timestamp").add("desc");
        attrs.put("version", 1);
        ObjectNode source = JSON.createObjectNode();
        source.put("highlightAll", true);
        source.put("version", true);
        source.setAll(searchSource(p.query()));
        source.put("indexRefName", INDEX_REF);
        attrs.putObject("kibanaSavedObjectMeta").put("searchSourceJSON", json(source));
        ArrayNode refs = JSON.createArrayNode().add(ref(INDEX_REF, "index-pattern", indexPatternId(index(d, p))));
        return object("search", panelObjectId(d, p), attrs, refs);
    }

    static ObjectNode dashboard(Dashboard d) {
        ArrayNode panels = JSON.createArrayNode();
        ArrayNode refs = JSON.createArrayNode();
        int x = 0;
        int y = 0;
        int rowHeight = 0;
        for (int i = 0; i < d.panels().size(); i++) {
            Panel p = d.panels().get(i);
            int w = width(p);
            int h = height(p);
            if (x + w > GRID_COLUMNS) {
                x = 0;
                y += rowHeight;
                rowHeight = 0;
            }
            String panelIndex = String.valueOf(i + 1);
            ObjectNode panel = panels.addObject();
            panel.put("version", PANEL_VERSION);
            panel.putObject("gridData").put("x", x).put("y", y).put("w", w).put("h", h).put("i", panelIndex);
            panel.put("panelIndex", panelIndex);
            panel.putObject("embeddableConfig");
            panel.put("panelRefName", "panel_" + i);
            refs.add(ref("panel_" + i, VisType.of(p.vis()) == VisType.SEARCH ? "search" : "visualization", panelObjectId(d, p)));
            x += w;
            rowHeight = Math.max(rowHeight, h);
        }
        ObjectNode attrs = JSON.createObjectNode();
        attrs.put("title", d.title());
        attrs.put("description", d.description() == null ? "" : d.description());
        attrs.put("hits", 0);
        attrs.put("panelsJSON", json(panels));
        attrs.put("optionsJSON", "{\"hidePanelTitles\":false,\"useMargins\":true}");
        attrs.put("version", 1);
        attrs.put("timeRestore", false);
        attrs.putObject("kibanaSavedObjectMeta").put("searchSourceJSON", json(searchSource(null)));
        return object("dashboard", dashboardId(d), attrs, refs);
    }

    static List<Agg> metrics(Panel p) {
        return p.metrics() == null || p.metrics().isEmpty()
                ? List.of(new Agg("count", null, null, null, null, null, null, null)) : p.metrics();
    }

    static String index(Dashboard d, Panel p) {
        return p.index() != null ? p.index() : d.index();
    }

    static int width(Panel p) {
        if (p.width() != null) {
            return p.width();
        }
        VisType v = VisType.of(p.vis());
        return v == VisType.METRIC ? 12 : v == VisType.SEARCH ? 48 : 24;
    }

    static int height(Panel p) {
        if (p.height() != null) {
            return p.height();
        }
        VisType v = VisType.of(p.vis());
        return v == VisType.METRIC ? 6 : v == VisType.SEARCH ? 15 : 12;
    }

    /** The searchSourceJSON of a panel: its Lucene query (OSD sends it as a query_string query) and no filters. */
    private static ObjectNode searchSource(String query) {
        ObjectNode s = JSON.createObjectNode();
        s.putObject("query").put("query", query == null ? "" : query).put("language", "lucene");
        s.putArray("filter");
        return s;
    }

    static ObjectNode ref(String name, String type, String id) {
        ObjectNode r = JSON.createObjectNode();
        r.put("name", name);
        r.put("type", type);
        r.put("id", id);
        return r;
    }

    private static ObjectNode object(String type, String id, ObjectNode attributes, ArrayNode references) {
        ObjectNode o = JSON.createObjectNode();
        o.set("attributes", attributes);
        o.put("id", id);
        o.putObject("migrationVersion").put(type, MIGRATION.get(type));
        o.set("references", references);
        o.put("type", type);
        return o;
    }

    static String json(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
