package io.siemflink.dashboards;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.siemflink.dashboards.Definitions.Agg;
import io.siemflink.dashboards.Definitions.Catalog;
import io.siemflink.dashboards.Definitions.Dashboard;
import io.siemflink.dashboards.Definitions.IndexPattern;
import io.siemflink.dashboards.Definitions.Panel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the definitions ({@code /dashboards/catalog.yaml} and the dashboard files it names) and validates them,
 * so that a mistake is reported with its file and panel instead of surfacing as a broken panel in OSD.
 * Unknown keys are errors: a misspelt key must not be silently ignored.
 */
public final class DefinitionLoader {
    static final String ROOT = "/dashboards/";
    static final Set<String> METRICS = Set.of("count", "sum", "avg", "min", "max", "cardinality", "percentiles");
    static final Set<String> BUCKETS = Set.of("terms", "date_histogram", "filters", "geohash_grid");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** The file that lists the index patterns and the dashboard files. */
    record CatalogFile(@com.fasterxml.jackson.annotation.JsonProperty("index_patterns") List<IndexPattern> indexPatterns,
                       List<String> dashboards) {
    }

    private DefinitionLoader() {
    }

    /** The shipped definitions. */
    public static Catalog load() {
        CatalogFile file = read("catalog.yaml", CatalogFile.class);
        List<Dashboard> dashboards = new ArrayList<>();
        for (String name : file.dashboards()) {
            dashboards.add(read(name, Dashboard.class));
        }
        return validate(new Catalog(file.indexPatterns(), dashboards));
    }

    /** One dashboard file's text (tests: error messages for bad definitions). */
    static Dashboard parseDashboard(String yaml) {
        try {
            return YAML.readValue(yaml, Dashboard.class);
        } catch (IOException e) {
            throw new DefinitionException(e.getMessage(), e);
        }
    }

    private static <T> T read(String name, Class<T> type) {
        try (InputStream in = DefinitionLoader.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new DefinitionException("missing resource " + ROOT + name);
            }
            return YAML.readValue(in, type);
        } catch (IOException e) {
            throw new DefinitionException(name + ": " + e.getMessage(), e);
        }
    }

    /** Checks everything the generator relies on; returns the catalog unchanged. */
    public static Catalog validate(Catalog c) {
        Set<String> patterns = new HashSet<>();
        for (IndexPattern p : c.indexPatterns()) {
            String where = "index pattern '" + p.id() + "'";
            checkId(where, p.id());
            require(patterns.add(p.id()), where + " is defined twice");
            require(notBlank(p.title()), where + " has no title");
            require(notBlank(p.timeField()), where + " has no time_field");
        }
        Set<String> dashboards = new HashSet<>();
        for (Dashboard d : c.dashboards()) {
            String where = "dashboard '" + d.id() + "'";
            checkId(where, d.id());
            require(dashboards.add(d.id()), where + " is defined twice");
            require(notBlank(d.title()), where + " has no title");
            require(d.panels() != null && !d.panels().isEmpty(), where + " has no panels");
            Set<String> panelIds = new HashSet<>();
            for (Panel p : d.panels()) {
                String pw = where + ", panel '" + p.id() + "'";
                checkId(pw, p.id());
                require(panelIds.add(p.id()), pw + " is defined twice");
                checkPanel(pw, p, d, patterns);
            }
        }
        return c;
    }

    private static void checkPanel(String where, Panel p, Dashboard d, Set<String> patterns) {
        require(notBlank(p.title()), where + " has no title");
        require(p.vis() != null, where + " has no vis");
        VisType vis;
        try {
            vis = VisType.of(p.vis());
        } catch (IllegalArgumentException e) {
            throw new DefinitionException(where + ": " + e.getMessage());
        }
        require(p.width() == null || (p.width() >= 4 && p.width() <= 48), where + ": width must be 4..48");
        require(p.height() == null || (p.height() >= 3 && p.height() <= 40), where + ": height must be 3..40");
        List<Agg> buckets = p.buckets() == null ? List.of() : p.buckets();
        List<Agg> metrics = p.metrics() == null ? List.of() : p.metrics();
        switch (vis) {
            case MARKDOWN -> {
                require(notBlank(p.markdown()), where + ": markdown needs text");
                require(buckets.isEmpty() && metrics.isEmpty() && p.query() == null, where + ": markdown takes no query or aggs");
                return;
            }
            case INPUT_CONTROL -> {
                require(p.controls() != null && !p.controls().isEmpty(), where + ": input_control_vis needs controls");
                p.controls().forEach(ctl -> require(notBlank(ctl.field()) && notBlank(ctl.label()),
                        where + ": every control needs a field and a label"));
            }
            case SEARCH -> {
                require(p.columns() != null && !p.columns().isEmpty(), where + ": search needs columns");
                require(buckets.isEmpty() && metrics.isEmpty(), where + ": search takes no aggs");
            }
            default -> {
                require(buckets.size() <= vis.maxBuckets, where + ": " + vis.osdName + " shows at most "
                        + vis.maxBuckets + " bucket aggregations");
                if (vis == VisType.PIE || vis == VisType.TAGCLOUD || vis == VisType.TILE_MAP) {
                    require(metrics.size() <= 1, where + ": " + vis.osdName + " shows one metric");
                }
                if (vis == VisType.TAGCLOUD) {
                    require(buckets.size() == 1 && buckets.get(0).agg().equals("terms"), where + ": tagcloud needs one terms bucket");
                }
                if (vis == VisType.TILE_MAP) {
                    require(buckets.size() == 1 && buckets.get(0).agg().equals("geohash_grid"),
                            where + ": tile_map needs one geohash_grid bucket");
                }
            }
        }
        String index = p.index() != null ? p.index() : d.index();
        require(index != null && patterns.contains(index), where + ": unknown index pattern '" + index + "'");
        for (Agg m : metrics) {
            require(m.agg() != null && METRICS.contains(m.agg()), where + ": metric must be one of " + METRICS + ", was " + m.agg());
            require(m.agg().equals("count") == (m.field() == null), where + ": metric " + m.agg()
                    + (m.agg().equals("count") ? " takes no field" : " needs a field"));
            require(m.percents() == null || m.agg().equals("percentiles"), where + ": percents only for percentiles");
        }
        for (Agg b : buckets) {
            require(b.agg() != null && BUCKETS.contains(b.agg()), where + ": bucket must be one of " + BUCKETS + ", was " + b.agg());
            switch (b.agg()) {
                case "terms", "geohash_grid" -> require(notBlank(b.field()), where + ": " + b.agg() + " needs a field");
                case "filters" -> {
                    require(b.filters() != null && !b.filters().isEmpty(), where + ": filters needs filters");
                    b.filters().forEach(f -> require(notBlank(f.label()) && notBlank(f.query()),
                            where + ": every filter needs a label and a query"));
                }
                default -> { }
            }
            require(b.size() == null || (b.agg().equals("terms") && b.size() > 0 && b.size() <= 500),
                    where + ": size (1..500) is for terms only");
            require(b.orderBy() == null || b.agg().equals("terms"), where + ": order_by is for terms only");
            if (b.agg().equals("terms")) {
                // Terms are ordered by a metric (the first unless order_by says otherwise): it must be orderable.
                int order = b.orderBy() == null ? 1 : b.orderBy();
                int n = Math.max(metrics.size(), 1);
                require(order >= 1 && order <= n, where + ": order_by must name a metric 1.." + n);
                require(metrics.isEmpty() || !metrics.get(order - 1).agg().equals("percentiles"),
                        where + ": terms cannot be ordered by percentiles; put another metric first or set order_by");
            }
        }
    }

    private static void checkId(String where, String id) {
        require(id != null && ID.matcher(id).matches(), where + ": id must be lower-case letters, digits and '-'");
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new DefinitionException(message);
        }
    }

    /** A definition that the generator cannot turn into working saved objects. */
    public static final class DefinitionException extends RuntimeException {
        public DefinitionException(String message) {
            super(message);
        }

        DefinitionException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
