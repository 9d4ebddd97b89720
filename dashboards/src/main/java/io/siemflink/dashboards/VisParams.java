package io.siemflink.dashboards;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siemflink.dashboards.Definitions.Agg;
import io.siemflink.dashboards.Definitions.Control;
import io.siemflink.dashboards.Definitions.Panel;
import java.util.List;

/**
 * {@code visState.params} per visualization type: the full parameter set OSD's editor writes, so a panel renders
 * the same whether or not the editor has opened it.
 */
final class VisParams {
    private VisParams() {
    }

    /** @param refs input controls add their index-pattern references here */
    static ObjectNode of(VisType vis, Panel p, List<Agg> metrics, ArrayNode refs, String indexPatternId) {
        ObjectNode o = SavedObjects.JSON.createObjectNode();
        switch (vis) {
            case HISTOGRAM, HORIZONTAL_BAR, LINE, AREA -> xy(o, vis, metrics);
            case PIE -> {
                o.put("type", "pie");
                o.put("addTooltip", true);
                o.put("addLegend", true);
                o.put("legendPosition", "right");
                o.put("isDonut", true);
                o.putObject("labels").put("show", false).put("values", true).put("last_level", true).put("truncate", 100);
            }
            case TABLE -> {
                o.put("perPage", 10);
                o.put("showPartialRows", false);
                o.put("showMetricsAtAllLevels", false);
                o.putObject("sort").putNull("columnIndex").putNull("direction");
                o.put("showTotal", false);
                o.put("totalFunc", "sum");
                o.put("percentageCol", "");
            }
            case METRIC -> {
                o.put("addTooltip", true);
                o.put("addLegend", false);
                o.put("type", "metric");
                ObjectNode m = o.putObject("metric");
                m.put("percentageMode", false);
                m.put("useRanges", false);
                m.put("colorSchema", "Green to Red");
                m.put("metricColorMode", "None");
                m.putArray("colorsRange").addObject().put("from", 0).put("to", 10000);
                m.putObject("labels").put("show", true);
                m.put("invertColors", false);
                m.putObject("style").put("bgFill", "#000").put("bgColor", false).put("labelColor", false)
                        .put("subText", "").put("fontSize", 40);
            }
            case TAGCLOUD -> {
                o.put("scale", "linear");
                o.put("orientation", "single");
                o.put("minFontSize", 14);
                o.put("maxFontSize", 48);
                o.put("showLabel", true);
            }
            case TILE_MAP -> {
                o.put("colorSchema", "Yellow to Red");
                o.put("mapType", "Scaled Circle Markers");
                o.put("isDesaturated", true);
                o.put("addTooltip", true);
                o.put("heatClusterSize", 1.5);
                o.put("legendPosition", "bottomright");
                o.put("mapZoom", 2);
                o.putArray("mapCenter").add(0).add(0);
                o.putObject("wms").put("enabled", false);
            }
            case MARKDOWN -> {
                o.put("fontSize", 12);
                o.put("openLinksInNewTab", false);
                o.put("markdown", p.markdown());
            }
            case INPUT_CONTROL -> {
                ArrayNode controls = o.putArray("controls");
                for (int i = 0; i < p.controls().size(); i++) {
                    Control c = p.controls().get(i);
                    String refName = "control_" + i + "_index_pattern";
                    ObjectNode ctl = controls.addObject();
                    ctl.put("id", String.valueOf(i + 1));
                    ctl.put("fieldName", c.field());
                    ctl.put("parent", "");
                    ctl.put("label", c.label());
                    ctl.put("type", "list");
                    ctl.putObject("options").put("type", "terms").put("multiselect", true).put("dynamicOptions", true)
                            .put("size", 10).put("order", "desc");
                    ctl.put("indexPatternRefName", refName);
                    refs.add(SavedObjects.ref(refName, "index-pattern", indexPatternId));
                }
                o.put("updateFiltersOnChange", true);
                o.put("useTimeFilter", true);
                o.put("pinFilters", false);
            }
            default -> throw new IllegalStateException(vis.osdName);
        }
        return o;
    }

    private static void xy(ObjectNode o, VisType vis, List<Agg> metrics) {
        boolean horizontal = vis == VisType.HORIZONTAL_BAR;
        String series = vis == VisType.LINE ? "line" : vis == VisType.AREA ? "area" : "histogram";
        o.put("type", vis.osdName);
        o.putObject("grid").put("categoryLines", false);
        ObjectNode cat = o.putArray("categoryAxes").addObject();
        cat.put("id", "CategoryAxis-1");
        cat.put("type", "category");
        cat.put("position", horizontal ? "left" : "bottom");
        cat.put("show", true);
        cat.putObject("style");
        cat.putObject("scale").put("type", "linear");
        cat.putObject("labels").put("show", true).put("filter", !horizontal).put("truncate", horizontal ? 200 : 100);
        cat.putObject("title");
        ObjectNode val = o.putArray("valueAxes").addObject();
        val.put("id", "ValueAxis-1");
        val.put("name", "LeftAxis-1");
        val.put("type", "value");
        val.put("position", horizontal ? "bottom" : "left");
        val.put("show", true);
        val.putObject("style");
        val.putObject("scale").put("type", "linear").put("mode", "normal");
        val.putObject("labels").put("show", true).put("rotate", 0).put("filter", horizontal).put("truncate", 100);
        val.putObject("title").put("text", label(metrics.get(0)));
        ArrayNode sp = o.putArray("seriesParams");
        for (int i = 0; i < metrics.size(); i++) {
            ObjectNode s = sp.addObject();
            s.put("show", true);
            s.put("type", series);
            s.put("mode", series.equals("line") || metrics.size() > 1 ? "normal" : "stacked");
            s.putObject("data").put("label", label(metrics.get(i))).put("id", String.valueOf(i + 1));
            s.put("valueAxis", "ValueAxis-1");
            s.put("drawLinesBetweenPoints", true);
            s.put("lineWidth", 2);
            s.put("interpolate", "linear");
            s.put("showCircles", true);
        }
        o.put("addTooltip", true);
        o.put("addLegend", true);
        o.put("legendPosition", "right");
        o.putArray("times");
        o.put("addTimeMarker", false);
        o.putObject("labels").put("show", false);
        o.putObject("thresholdLine").put("show", false).put("value", 10).put("width", 1).put("style", "full")
                .put("color", "#E7664C");
    }

    /** The series label OSD would show: the custom label, else "Count" or "Sum of field". */
    static String label(Agg m) {
        if (m.label() != null) {
            return m.label();
        }
        return switch (m.agg()) {
            case "count" -> "Count";
            case "sum" -> "Sum of " + m.field();
            case "avg" -> "Average " + m.field();
            case "min" -> "Min " + m.field();
            case "max" -> "Max " + m.field();
            case "cardinality" -> "Unique count of " + m.field();
            case "percentiles" -> "Percentiles of " + m.field();
            default -> m.agg();
        };
    }
}
