package io.siemflink.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siemflink.detect.Finding;
import io.siemflink.detect.Severity;
import io.siemflink.parsers.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * siemflink's own shipped rules ({@code sigma/rules/siemflink/}): each fires on hand-written records of the AWS call
 * it is about and stays quiet on the near misses next to it ({@code siemflink-rule-cases.ndjson}: the records are
 * shaped after the AWS API references, not after the Stratus captures), and each carries the metadata a finding
 * shows (our author and licence, AWS and Stratus references, ATT&CK tags, false positives).
 */
class SiemflinkRulesTest {
    private static final String PREFIX = "siemflink/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SigmaEngine engine = SigmaEngine.bundled();

    private Map<String, SigmaRule> ownRulesByName() {
        Map<String, SigmaRule> byName = new TreeMap<>();
        for (SigmaRule r : engine.rules()) {
            if (r.source().startsWith(PREFIX)) {
                String file = r.source().substring(r.source().lastIndexOf('/') + 1);
                byName.put(file.replaceFirst("\\.yml$", ""), r);
            }
        }
        return byName;
    }

    @Test
    void eachCaseFiresExactlyItsRules() throws Exception {
        Map<String, SigmaRule> own = ownRulesByName();
        Map<String, String> nameById = new TreeMap<>();
        own.forEach((name, r) -> nameById.put(r.id(), name));
        Set<String> firedSomewhere = new TreeSet<>();
        int negatives = 0;
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/siemflink-rule-cases.ndjson"));
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode c = JSON.readTree(line);
            Set<String> expected = new TreeSet<>();
            c.get("fires").forEach(n -> expected.add(n.asText()));
            assertThat(own.keySet()).as("case names known rules: %s", c.get("why")).containsAll(expected);
            String record = JSON.writeValueAsString(c.get("record"));
            Event event = TestRules.cloudtrail(record.substring(1, record.length() - 1));
            List<Finding> findings = new ArrayList<>();
            engine.evaluate(event, findings::add);
            Set<String> fired = new TreeSet<>();
            for (Finding f : findings) {
                if (nameById.containsKey(f.ruleId)) {
                    fired.add(nameById.get(f.ruleId));
                    assertThat(f.author).isEqualTo("siemflink");
                    assertThat(f.license).isEqualTo("siemflink");
                }
            }
            assertThat(fired).as(c.get("why").asText()).isEqualTo(expected);
            firedSomewhere.addAll(fired);
            if (expected.isEmpty()) {
                negatives++;
            }
        }
        assertThat(engine.evaluationErrors()).isZero();
        assertThat(firedSomewhere).as("every own rule has a case it fires on").isEqualTo(own.keySet());
        assertThat(negatives).isGreaterThanOrEqualTo(own.size());
    }

    @Test
    void ownRulesCarryTheirMetadata() {
        Map<String, SigmaRule> own = ownRulesByName();
        assertThat(own).hasSize(28);
        for (SigmaRule r : own.values()) {
            String what = r.source();
            assertThat(r.author()).as(what).isEqualTo("siemflink");
            assertThat(r.license()).as(what).isEqualTo("siemflink");
            assertThat(r.family().id()).as(what).isEqualTo("cloudtrail");
            assertThat(r.references()).as(what)
                    .anyMatch(u -> u.startsWith("https://docs.aws.amazon.com/"))
                    .anyMatch(u -> u.startsWith("https://stratus-red-team.cloud/attack-techniques/AWS/aws."));
            assertThat(r.techniques()).as(what).isNotEmpty();
            assertThat(r.tactics()).as(what).isNotEmpty();
            assertThat(r.falsePositives()).as(what).isNotEmpty();
            assertThat(r.description()).as(what).isNotBlank();
            // Single calls that are routine unless repeated say that a windowed rule is the real detection.
            if (r.level() == Severity.INFORMATIONAL) {
                assertThat(r.description()).as(what).containsIgnoringCase("windowed");
            }
        }
    }
}
