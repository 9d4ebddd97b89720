package io.siemflink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.siemflink.parsers.testing.TestPaths;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectCommandTest {
    private static final String SCENARIO = TestPaths.testData().resolve("scenarios/cross-source").toString();

    static ParseCommandTest.Result detect(String... args) {
        return ParseCommandTest.command("detect", new ByteArrayInputStream(new byte[0]), args);
    }

    @Test
    void findsTheAttackAcrossSourcesInTimeOrder() throws IOException {
        ParseCommandTest.Result r = detect(SCENARIO);
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> findings = r.docs();
        assertThat(findings).extracting(f -> f.at("/rule/id").asText()).contains("vpc-vertical-port-scan",
                "elb-content-discovery", "console-login-brute-force", "console-login-success-after-brute-force",
                "console-login-password-spraying", "vpc-horizontal-host-sweep", "vpc-unusual-egress-volume",
                "elb-5xx-burst", "cross-source-entity");
        assertThat(findings).extracting(f -> f.path("@timestamp").asText()).isSorted();
        JsonNode widest = findings.stream().filter(f -> f.at("/rule/ruleset").asText().equals("correlation"))
                .max((a, b) -> a.at("/finding/finding_ids").size() - b.at("/finding/finding_ids").size()).orElseThrow();
        assertThat(widest.at("/finding/entity").asText()).isEqualTo("198.51.100.7");
        assertThat(widest.at("/message").asText()).contains("3 log families");
        assertThat(r.err()).contains("records read: 1101 = documents: 1100 + dead letters: 0 + skipped: 1")
                .contains("findings: " + findings.size());
    }

    @Test
    void thresholdsCanBeRaisedFromTheCommandLine() throws IOException {
        ParseCommandTest.Result r = detect("--quiet", "--set", "detect.rule.vpc-vertical-port-scan.threshold=61", SCENARIO);
        assertThat(r.code()).isZero();
        assertThat(r.docs()).extracting(f -> f.at("/rule/id").asText()).doesNotContain("vpc-vertical-port-scan");
    }

    @Test
    void anUnknownRuleIsAUsageError() {
        ParseCommandTest.Result r = detect("--set", "detect.rule.no-such-rule.threshold=3", SCENARIO);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no built-in rule 'no-such-rule'");
    }
}
