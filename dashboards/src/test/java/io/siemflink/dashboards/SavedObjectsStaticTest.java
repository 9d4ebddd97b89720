package io.siemflink.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every generated object parses the way OSD reads it, every reference resolves, and the layouts fit the grid. */
class SavedObjectsStaticTest {
    static final Set<String> TYPES = Set.of("index-pattern", "visualization", "search", "dashboard");
    final SavedObjectsFile file = SavedObjectsFile.generated();

    @Test
    void everyObjectAndEveryNestedJsonStringParses() {
        assertThat(file.objects).isNotEmpty();
        for (JsonNode o : file.objects) {
            String type = o.path("type").asText();
            assertThat(TYPES).as(o.path("id").asText()).contains(type);
            assertThat(o.path("id").asText()).startsWith("siemflink-");
            assertThat(o.path("attributes").path("title").asText()).as(o.path("id").asText()).isNotBlank();
            assertThat(o.path("migrationVersion").path(type).asText()).isNotBlank();
            switch (type) {
                case "visualization" -> {
                    JsonNode vis = SavedObjectsFile.nested(o, "visState");
                    assertThat(vis.path("title").asText()).isEqualTo(o.path("attributes").path("title").asText());
                    assertThat(vis.path("params").isObject()).isTrue();
                    SavedObjectsFile.nested(o, "uiStateJSON");
                    SavedObjectsFile.nested(o, "kibanaSavedObjectMeta", "searchSourceJSON");
                }
                case "search" -> {
                    assertThat(o.path("attributes").path("columns")).isNotEmpty();
                    SavedObjectsFile.nested(o, "kibanaSavedObjectMeta", "searchSourceJSON");
                }
                case "dashboard" -> {
                    assertThat(SavedObjectsFile.nested(o, "panelsJSON")).isNotEmpty();
                    SavedObjectsFile.nested(o, "optionsJSON");
                    SavedObjectsFile.nested(o, "kibanaSavedObjectMeta", "searchSourceJSON");
                }
                case "index-pattern" -> {
                    assertThat(o.path("attributes").path("timeFieldName").asText()).isEqualTo("@timestamp");
                    SavedObjectsFile.nested(o, "fields");
                    if (o.path("attributes").has("fieldFormatMap")) {
                        SavedObjectsFile.nested(o, "fieldFormatMap");
                    }
                }
                default -> throw new AssertionError(type);
            }
        }
    }

    @Test
    void idsAreUniqueAndEveryReferenceResolvesAndIsUsed() {
        Set<String> keys = new HashSet<>();
        for (JsonNode o : file.objects) {
            assertThat(keys.add(o.path("type").asText() + ":" + o.path("id").asText())).as("duplicate " + o.path("id")).isTrue();
        }
        for (JsonNode o : file.objects) {
            Set<String> names = new HashSet<>();
            for (JsonNode r : o.path("references")) {
                String target = r.path("type").asText() + ":" + r.path("id").asText();
                assertThat(keys).as(o.path("id").asText() + " references " + target).contains(target);
                assertThat(names.add(r.path("name").asText())).as("reference name twice in " + o.path("id")).isTrue();
            }
            assertThat(usedRefNames(o)).as("reference names used by " + o.path("id").asText()).isEqualTo(names);
        }
    }

    /** The reference names the nested JSON of an object points at (indexRefName, panelRefName, ...). */
    static Set<String> usedRefNames(JsonNode o) {
        Set<String> used = new HashSet<>();
        String type = o.path("type").asText();
        if (type.equals("visualization") || type.equals("search") || type.equals("dashboard")) {
            String ref = SavedObjectsFile.nested(o, "kibanaSavedObjectMeta", "searchSourceJSON").path("indexRefName").asText(null);
            if (ref != null) {
                used.add(ref);
            }
        }
        if (type.equals("visualization")) {
            SavedObjectsFile.nested(o, "visState").path("params").path("controls")
                    .forEach(c -> used.add(c.path("indexPatternRefName").asText()));
        }
        if (type.equals("dashboard")) {
            SavedObjectsFile.nested(o, "panelsJSON").forEach(p -> used.add(p.path("panelRefName").asText()));
        }
        return used;
    }

    @Test
    void dashboardPanelsFitTheGridWithoutOverlapping() {
        for (JsonNode d : file.ofType("dashboard")) {
            List<int[]> boxes = new ArrayList<>();
            for (JsonNode p : SavedObjectsFile.nested(d, "panelsJSON")) {
                JsonNode g = p.path("gridData");
                int[] box = {g.path("x").asInt(), g.path("y").asInt(), g.path("w").asInt(), g.path("h").asInt()};
                assertThat(box[0] + box[2]).as(d.path("id") + " panel " + p.path("panelIndex")).isLessThanOrEqualTo(48);
                for (int[] other : boxes) {
                    boolean overlap = box[0] < other[0] + other[2] && other[0] < box[0] + box[2]
                            && box[1] < other[1] + other[3] && other[1] < box[1] + box[3];
                    assertThat(overlap).as(d.path("id") + " panel " + p.path("panelIndex") + " overlaps").isFalse();
                }
                boxes.add(box);
            }
        }
    }

    @Test
    void theRequiredIndexPatternsAndDashboardsAreThere() {
        assertThat(file.indexPatternTitles().values()).contains("log-aws-cloudtrail-*", "log-aws-vpcflowlogs-*",
                "log-aws-elb-*", "siem-findings-*");
        Map<String, Integer> panels = new TreeMap<>();
        file.ofType("dashboard").forEach(d -> panels.put(d.path("attributes").path("title").asText(),
                SavedObjectsFile.nested(d, "panelsJSON").size()));
        // At least the panels of SIEM on Amazon OpenSearch Service's summaries (29 CloudTrail, 11 VPC Flow, 19 ELB).
        assertThat(panels).containsKeys("SIEM: CloudTrail Summary", "SIEM: VPC Flow Logs Summary", "SIEM: ELB Summary",
                "SIEM: Findings", "SIEM: Threat hunting");
        assertThat(panels.get("SIEM: CloudTrail Summary")).isGreaterThanOrEqualTo(29);
        assertThat(panels.get("SIEM: VPC Flow Logs Summary")).isGreaterThanOrEqualTo(11);
        assertThat(panels.get("SIEM: ELB Summary")).isGreaterThanOrEqualTo(19);
        System.out.println("dashboards and panel counts: " + panels);
    }

    @Test
    void generationIsDeterministic() {
        assertThat(SavedObjects.ndjson(SavedObjects.generate(DefinitionLoader.load())))
                .isEqualTo(SavedObjects.ndjson(SavedObjects.generate(DefinitionLoader.load())));
    }
}
