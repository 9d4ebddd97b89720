package io.siemflink.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.detect.Finding;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.cloudtrail.CloudTrailParser;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.testing.TestPaths;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
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
        List<Path> files;
        try (Stream<Path> s = Files.list(TestPaths.fixtures().resolve("stratus-red-team"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(35);
        CloudTrailParser parser = new CloudTrailParser(ParserOptions.defaults());
        StringBuilder rows = new StringBuilder();
        int detected = 0;
        int totalFindings = 0;
        for (Path f : files) {
            CollectingSink sink = new CollectingSink();
            try (InputStream in = Files.newInputStream(f)) {
                parser.parse(in, SourceRef.of(f.getFileName().toString()), sink);
            }
            assertThat(sink.deadLetters).isEmpty();
            List<Finding> findings = new ArrayList<>();
            for (Event e : sink.events) {
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
            String technique = f.getFileName().toString().replaceFirst("\\.json$", "");
            rows.append(technique).append('\t').append(sink.events.size()).append('\t').append(findings.size())
                    .append('\t').append(fired.length() == 0 ? "-" : fired).append('\n');
            if (!findings.isEmpty()) {
                detected++;
            }
            totalFindings += findings.size();
        }
        assertThat(engine.evaluationErrors()).isZero();
        String table = "# Stratus Red Team captures (../shared/fixtures/stratus-red-team) through the shipped Sigma rules.\n"
                + "# Checked by StratusCoverageTest; -Dgolden.update=true rewrites it.\n"
                + "# Stratus techniques detected: " + detected + " of " + files.size() + "; findings: " + totalFindings + "\n"
                + "# technique\tevents\tfindings\trules that fired [id] x findings\n" + rows;
        GoldenText.check(GoldenText.resource("stratus-coverage.tsv"), table);
    }
}
