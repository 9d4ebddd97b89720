package io.siemflink.detect.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.detect.Finding;
import io.siemflink.detect.StratusCaptures;
import io.siemflink.parsers.event.Event;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The built-in windowed rules on every Stratus Red Team capture: the harvesting rules fire on the techniques
 * whose single calls the Sigma rules can only call routine (a rate over many secrets or instances), and on no
 * other capture.
 */
class StratusWindowedRulesTest {
    @Test
    void harvestingRulesFireOnTheHarvestingTechniquesOnly() throws Exception {
        Map<String, Set<String>> techniquesByRule = new TreeMap<>();
        for (Map.Entry<String, List<Event>> capture : StratusCaptures.load().entrySet()) {
            BatchDetector d = new BatchDetector(null, DetectionSettings.defaults());
            capture.getValue().forEach(d::accept);
            for (Finding x : d.finish()) {
                techniquesByRule.computeIfAbsent(x.ruleId, k -> new TreeSet<>()).add(capture.getKey());
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
