package io.siemflink.dashboards;

import java.util.Arrays;
import java.util.Locale;

/** The OSD 2.x visualization types the generator writes, and the schema each bucket aggregation gets in them. */
public enum VisType {
    HISTOGRAM("histogram", 2), HORIZONTAL_BAR("horizontal_bar", 2), LINE("line", 2), AREA("area", 2),
    PIE("pie", 3), TABLE("table", 4), METRIC("metric", 1), TAGCLOUD("tagcloud", 1), TILE_MAP("tile_map", 1),
    MARKDOWN("markdown", 0), INPUT_CONTROL("input_control_vis", 0),
    /** Not a visualization: a saved search (Discover) shown as a panel. */
    SEARCH("search", 0);

    /** The name in visState.type and in the YAML. */
    public final String osdName;
    /** How many bucket aggregations the type can show. */
    public final int maxBuckets;

    VisType(String osdName, int maxBuckets) {
        this.osdName = osdName;
        this.maxBuckets = maxBuckets;
    }

    public static VisType of(String name) {
        return Arrays.stream(values()).filter(v -> v.osdName.equals(name.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown vis '" + name + "'; one of "
                        + Arrays.stream(values()).map(v -> v.osdName).toList()));
    }

    public boolean xy() {
        return this == HISTOGRAM || this == HORIZONTAL_BAR || this == LINE || this == AREA;
    }

    /** Whether the panel queries data (markdown and input controls read none of their own). */
    public boolean hasData() {
        return this != MARKDOWN && this != INPUT_CONTROL;
    }

    /** OSD's schema name for the i-th (0-based) bucket aggregation of this type. */
    public String bucketSchema(int i) {
        return switch (this) {
            case HISTOGRAM, HORIZONTAL_BAR, LINE, AREA -> i == 0 ? "segment" : "group";
            case PIE, TAGCLOUD, TILE_MAP -> "segment";
            case TABLE -> "bucket";
            case METRIC -> "group";
            default -> throw new IllegalStateException(osdName + " has no buckets");
        };
    }
}
