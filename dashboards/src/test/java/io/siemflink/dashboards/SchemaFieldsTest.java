package io.siemflink.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every field a panel uses exists in the installed index templates with a type the panel can aggregate on, every
 * field a query names exists, and every index pattern matches the templates of the indices it is meant for.
 */
class SchemaFieldsTest {
    final SavedObjectsFile file = SavedObjectsFile.generated();
    final TemplateMappings mappings = new TemplateMappings();

    @Test
    void everyPanelUsesExistingAggregatableFields() {
        Map<String, String> titles = file.indexPatternTitles();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (SavedObjectsFile.Panel p : file.panels()) {
            if (p.visType().equals("input_control_vis")) {
                // Controls use the pattern of their own references.
                String id = SavedObjectsFile.refId(file.get("visualization", p.id()), "control_0_index_pattern");
                SchemaCheck.problems(p, mappings.forPattern(titles.get(id))).forEach(x -> problems.add(p.label() + ": " + x));
                checked++;
                continue;
            }
            if (!p.hasData()) {
                continue;
            }
            SchemaCheck.problems(p, mappings.forPattern(titles.get(p.indexPatternId()))).forEach(x -> problems.add(p.label() + ": " + x));
            checked++;
        }
        assertThat(problems).isEmpty();
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void everyIndexPatternMatchesTheTemplatesOfItsIndicesWithoutTypeConflicts() {
        for (Map.Entry<String, String> e : file.indexPatternTitles().entrySet()) {
            TemplateMappings.Fields f = mappings.forPattern(e.getValue());
            assertThat(f.templates()).as(e.getValue()).isNotEmpty();
            assertThat(f.conflicts()).as(e.getValue()).isEmpty();
            assertThat(f.type("@timestamp")).as(e.getValue()).isEqualTo("date");
        }
        assertThat(mappings.forPattern("log-aws-*").templates()).containsExactlyInAnyOrder(
                "siemflink-cloudtrail", "siemflink-vpcflow", "siemflink-elb");
    }

    @Test
    void theCheckRejectsTextFieldsUnindexedFieldsUnknownFieldsAndWrongTypes() {
        TemplateMappings.Fields ct = mappings.forPattern("log-aws-cloudtrail-*");
        assertThat(SchemaCheck.problems(panel("terms", "message", ""), ct)).singleElement().asString().contains("text cannot be aggregated");
        assertThat(SchemaCheck.problems(panel("terms", "event.original", ""), ct)).singleElement().asString().contains("cannot be aggregated");
        assertThat(SchemaCheck.problems(panel("terms", "aws.cloudtrail.flattened.request_parameters", ""), ct))
                .singleElement().asString().contains("flat_object cannot be aggregated");
        assertThat(SchemaCheck.problems(panel("terms", "no.such.field", ""), ct)).singleElement().asString().contains("no such field");
        assertThat(SchemaCheck.problems(panel("sum", "event.action", ""), ct)).singleElement().asString().contains("needs another type");
        assertThat(SchemaCheck.problems(panel("date_histogram", "event.action", ""), ct)).isNotEmpty();
        assertThat(SchemaCheck.problems(panel("terms", "event.action", "eventName:ConsoleLogin"), ct))
                .singleElement().asString().contains("query names eventName");
        assertThat(SchemaCheck.problems(panel("terms", "event.action", "_exists_:errorCode AND user_agent.original:\"Mozilla/5.0 (x:y)\""), ct))
                .containsExactly("query names errorCode: no such field in the templates");
        assertThat(SchemaCheck.problems(panel("terms", "event.action", "aws.cloudtrail.flattened.request_parameters.bucketName:x"), ct))
                .isEmpty();
    }

    private static SavedObjectsFile.Panel panel(String agg, String field, String query) {
        JsonNode params = SavedObjectsFile.JSON.createObjectNode().put("field", field);
        return new SavedObjectsFile.Panel("visualization", "t", "t", "table", "p", query,
                List.of(new SavedObjectsFile.AggSpec("1", "count", "metric", SavedObjectsFile.JSON.createObjectNode()),
                        new SavedObjectsFile.AggSpec("2", agg, "bucket", params)), List.of(), List.of());
    }
}
