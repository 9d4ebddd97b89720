package io.siemflink.detect.window;

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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The built-in windowed rules on every Stratus Red Team capture: the harvesting rules fire on the techniques
 * whose single calls the Sigma rules can only call routine (a rate over many secrets or instances), and on no
 * other capture.
 */
class StratusWindowedRulesTest {
    @Test
    void harvestingRulesFireOnTheHarvestingTechniquesOnly() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(TestPaths.fixtures().resolve("stratus-red-team"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(35);
        CloudTrailParser parser = new CloudTrailParser(ParserOptions.defaults());
        Map<String, Set<String>> techniquesByRule = new TreeMap<>();
        for (Path f : files) {
            CollectingSink sink = new CollectingSink();
            try (InputStream in = Files.newInputStream(f)) {
                parser.parse(in, SourceRef.of(f.getFileName().toString()), sink);
            }
            BatchDetector d = new BatchDetector(null, DetectionSettings.defaults());
            for (Event e : sink.events) {
                d.accept(e);
            }
            String technique = f.getFileName().toString().replaceFirst("\\.json$", "");
            for (Finding x : d.finish()) {
                techniquesByRule.computeIfAbsent(x.ruleId, k -> new TreeSet<>()).add(technique);
            }
        }
        assertThat(techniquesByRule).containsOnlyKeys(BuiltinRules.SECRET_HARVEST, BuiltinRules.INSTANCE_HARVEST);
        assertThat(techniquesByRule.get(BuiltinRules.SECRET_HARVEST)).containsExactly(
                "aws.credential-access.secretsmanager-retrieve-secrets",
                "aws.credential-access.ssm-retrieve-securestring-parameters");
        assertThat(techniquesByRule.get(BuiltinRules.INSTANCE_HARVEST)).containsExactly(
                "aws.credential-access.ec2-get-password-data", "aws.discovery.ec2-download-user-data");
    }
}
