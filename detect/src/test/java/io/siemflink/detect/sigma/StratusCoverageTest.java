package io.siemflink.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.detect.Finding;
import io.siemflink.detect.StratusCaptures;
import io.siemflink.parsers.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every Stratus Red Team detonation capture, parsed by the real CloudTrail parser and run through the shipped
 * rules: which rules fire per technique is the checked-in table {@code stratus-coverage.tsv}.
 */
class StratusCoverageTest {
    @Test
    void shippedRulesOnStratusCapturesFireAsRecorded() throws Exception {
        SigmaEngine engine = SigmaEngine.bundled();
        Map<String, String> titles = new TreeMap<>();
        engine.rules().forEach(r -> titles.put(r.id(), r.title()));
        Map<String, List<Event>> captures = StratusCaptures.load();
        StringBuilder rows = new StringBuilder();
        int detected = 0;
        int totalFindings = 0;
        for (Map.Entry<String, List<Event>> capture : captures.entrySet()) {
            List<Event> events = capture.getValue();
            List<Finding> findings = new ArrayList<>();
            for (Event e : events) {
                engine.evaluate(e, findings::add);
            }
            Map<String, Integer> perRule = new TreeMap<>();
            for (Finding x : findings) {
                perRule.merge(x.ruleId, 1, Integer::sum);
                assertThat(x.eventIds).hasSize(1);
                assertThat(x.family).isEqualTo("cloudtrail");
            }
            StringBuilder fired = new StringBuilder();
            perRule.forEach((id, n) -> fired.append(fired.length() == 0 ? "" : "; ")
                    .append(titles.get(id)).append(" [").append(id).append("] x").append(n));
            String technique = capture.getKey();
            rows.append(technique).append('\t').append(events.size()).append('\t').append(findings.size())
                    .append('\t').append(fired.length() == 0 ? "-" : fired).append('\n');
            if (!findings.isEmpty()) {
                detected++;
            }
            totalFindings += findings.size();
        }
        assertThat(engine.evaluationErrors()).isZero();
        String table = "# Stratus Red Team captures (../shared/fixtures/stratus-red-team) through the shipped Sigma rules.\n"
                + "# Checked by StratusCoverageTest; -Dgolden.update=true rewrites it.\n"
                + "# Stratus techniques detected: " + detected + " of " + captures.size() + "; findings: " + totalFindings + "\n"
                + "# technique\tevents\tfindings\trules that fired [id] x findings\n" + rows;
        GoldenText.check(GoldenText.resource("stratus-coverage.tsv"), table);
    }
}
