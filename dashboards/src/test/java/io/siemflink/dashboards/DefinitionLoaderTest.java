package io.siemflink.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siemflink.dashboards.Definitions.Catalog;
import io.siemflink.dashboards.Definitions.Dashboard;
import io.siemflink.dashboards.Definitions.IndexPattern;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped definitions load; a broken definition is refused with its dashboard, panel and the reason. */
class DefinitionLoaderTest {
    static final List<IndexPattern> PATTERNS = List.of(new IndexPattern("ct", "log-aws-cloudtrail-*", "@timestamp", null));

    @Test
    void theShippedDefinitionsLoad() {
        Catalog c = DefinitionLoader.load();
        assertThat(c.indexPatterns()).extracting(IndexPattern::id).containsExactly("cloudtrail", "vpcflow", "elb", "findings", "events");
        assertThat(c.dashboards()).extracting(Dashboard::id).containsExactly("cloudtrail", "vpcflow", "elb", "findings", "threat-hunting");
    }

    static void refused(String panelYaml, String message) {
        Dashboard d = DefinitionLoader.parseDashboard("id: d\ntitle: D\nindex: ct\npanels:\n" + panelYaml);
        assertThatThrownBy(() -> DefinitionLoader.validate(new Catalog(PATTERNS, List.of(d))))
                .isInstanceOf(DefinitionLoader.DefinitionException.class).hasMessageContaining(message);
    }

    @Test
    void brokenDefinitionsAreRefusedWithTheReason() {
        refused("  - {id: a, title: A, vis: bars}", "unknown vis 'bars'");
        refused("  - {id: a, title: A, vis: table, buckets: [{agg: terms}]}", "panel 'a': terms needs a field");
        refused("  - {id: a, title: A, vis: table, buckets: [{agg: top_hits, field: x}]}", "bucket must be one of");
        refused("  - {id: a, title: A, vis: table, metrics: [{agg: sum}]}", "metric sum needs a field");
        refused("  - {id: a, title: A, vis: table, index: nope}", "unknown index pattern 'nope'");
        refused("  - {id: a, title: A, vis: pie}\n  - {id: a, title: B, vis: pie}", "panel 'a' is defined twice");
        refused("  - {id: A_1, title: A, vis: pie}", "id must be lower-case");
        refused("  - {id: a, title: A, vis: table, metrics: [{agg: percentiles, field: f}], buckets: [{agg: terms, field: g}]}",
                "cannot be ordered by percentiles");
        refused("  - {id: a, title: A, vis: line, buckets: [{agg: date_histogram}, {agg: terms, field: a}, {agg: terms, field: b}]}",
                "line shows at most 2 bucket aggregations");
        refused("  - {id: a, title: A, vis: filters, buckets: [{agg: filters}]}", "unknown vis");
        refused("  - {id: a, title: A, vis: table, buckets: [{agg: filters}]}", "filters needs filters");
        refused("  - {id: a, title: A, vis: search}", "search needs columns");
        refused("  - {id: a, title: A, vis: tile_map, buckets: [{agg: terms, field: x}]}", "tile_map needs one geohash_grid bucket");
        refused("  - {id: a, title: A, vis: markdown}", "markdown needs text");
        refused("  - {id: a, title: A, vis: pie, width: 60}", "width must be 4..48");
    }

    @Test
    void unknownKeysAreErrorsNotIgnored() {
        assertThatThrownBy(() -> DefinitionLoader.parseDashboard("id: d\ntitle: D\nindex: ct\npanels:\n  - {id: a, title: A, vis: pie, feild: x}"))
                .isInstanceOf(DefinitionLoader.DefinitionException.class).hasMessageContaining("feild");
    }
}
