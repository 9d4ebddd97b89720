package io.siemflink.dashboards;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The compact, reviewable form of the saved objects, as read from {@code src/main/resources/dashboards/*.yaml}.
 * {@link SavedObjects} turns it into OpenSearch Dashboards 2.x saved objects; {@link DefinitionLoader} validates it.
 */
public final class Definitions {
    private Definitions() {
    }

    /** Everything: index patterns first, then the dashboards in catalog order. */
    public record Catalog(List<IndexPattern> indexPatterns, List<Dashboard> dashboards) {
    }

    /**
     * An index pattern.
     *
     * @param fieldFormats field name -> a URL format (how findings link to the events behind them)
     */
    public record IndexPattern(String id, String title, @JsonProperty("time_field") String timeField,
                               @JsonProperty("field_formats") Map<String, UrlFormat> fieldFormats) {
    }

    /** OSD's URL field format: {@code {{value}}} in the template is the field value, URL-encoded. */
    public record UrlFormat(@JsonProperty("url_template") String urlTemplate,
                            @JsonProperty("label_template") String labelTemplate) {
    }

    /** One dashboard; {@code index} is the default index pattern id of its panels. */
    public record Dashboard(String id, String title, String description, String index, List<Panel> panels) {
    }

    /**
     * One panel: a visualization or a saved search.
     *
     * @param vis      OSD visualization type ({@link VisType}) or {@code search}
     * @param query    Lucene query string of the panel (OSD language {@code lucene}), empty for all documents
     * @param metrics  metric aggregations (default: count)
     * @param buckets  bucket aggregations, outermost first
     * @param columns  saved search: the columns shown
     * @param controls input controls: the fields offered as filters
     */
    public record Panel(String id, String title, String description, String vis, String index, String query,
                        List<Agg> metrics, List<Agg> buckets, Integer width, Integer height, String markdown,
                        List<String> columns, List<Control> controls) {
    }

    /**
     * One aggregation: a metric ({@code count}, {@code sum}, {@code avg}, {@code min}, {@code max},
     * {@code cardinality}, {@code percentiles}) or a bucket ({@code terms}, {@code date_histogram},
     * {@code filters}, {@code geohash_grid}).
     *
     * @param orderBy terms: index (1-based) of the metric to order by; default the first metric
     */
    public record Agg(String agg, String field, Integer size, String interval, List<Filter> filters,
                      List<Double> percents, String label, @JsonProperty("order_by") Integer orderBy) {
    }

    /** One bucket of a {@code filters} aggregation: a label and a Lucene query. */
    public record Filter(String label, String query) {
    }

    /** One input control (a list of values of a field to filter the dashboard by). */
    public record Control(String field, String label) {
    }
}
