package io.siemflink.detect.sigma;

import static io.siemflink.detect.sigma.TestRules.CLOUDTRAIL;
import static io.siemflink.detect.sigma.TestRules.WEBSERVER;
import static io.siemflink.detect.sigma.TestRules.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siemflink.detect.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules that cannot be used are rejected with a precise reason; a bad rule never stops the others. */
class SigmaLoaderTest {
    @TempDir
    Path dir;

    @Test
    void metadataIsRead() {
        SigmaRule r = TestRules.ct("sel:\n  eventName: X\ncondition: sel");
        assertThat(r.id()).isEqualTo("11111111-2222-3333-4444-555555555555");
        assertThat(r.title()).isEqualTo("Test rule");
        assertThat(r.level()).isEqualTo(Severity.HIGH);
        assertThat(r.author()).isEqualTo("Test Author");
        assertThat(r.techniques()).containsExactly("T1110.001");
        assertThat(r.tactics()).containsExactly("credential-access");
        assertThat(r.family().id()).isEqualTo("cloudtrail");
        assertThat(r.logsource()).containsEntry("product", "aws").containsEntry("service", "cloudtrail");
    }

    @Test
    void fieldsAndModifiersThatCannotBeUsed() {
        assertThat(rejection(CLOUDTRAIL, "sel:\n  src_country: DE\ncondition: sel"))
                .isEqualTo("field 'src_country' has no mapping for logsource aws/cloudtrail (cloudtrail)");
        assertThat(rejection(WEBSERVER, "sel:\n  eventName: X\ncondition: sel"))
                .isEqualTo("field 'eventName' has no mapping for logsource webserver (elb)");
        assertThat(rejection(CLOUDTRAIL, "sel:\n  eventName|neq: X\ncondition: sel"))
                .isEqualTo("'eventName|neq' in 'sel': unknown modifier 'neq'");
        assertThat(rejection(CLOUDTRAIL, "sel:\n  sourceIPAddress|expand: '%office%'\ncondition: sel"))
                .contains("modifier 'expand' needs placeholder values (%office%)");
        assertThat(rejection(CLOUDTRAIL, "sel:\n  eventName|contains|startswith: X\ncondition: sel"))
                .contains("contains, startswith and endswith exclude each other");
        assertThat(rejection(CLOUDTRAIL, "sel:\n  eventName|re|contains: X\ncondition: sel")).contains("cannot be combined");
        assertThat(rejection(CLOUDTRAIL, "sel:\n  eventName|exists: maybe\ncondition: sel"))
                .contains("'exists' takes one value, true or false");
        assertThat(rejection(CLOUDTRAIL, "sel:\n  sourceIPAddress|cidr: 10.0.0.0/33\ncondition: sel"))
                .contains("|cidr value '10.0.0.0/33' has a bad prefix length");
        assertThat(rejection(CLOUDTRAIL, "sel:\n  sourceIPAddress|cidr: not-an-ip\ncondition: sel"))
                .contains("is not an IPv4/IPv6 network");
        assertThat(rejection(CLOUDTRAIL, "sel:\n  eventName|gt: ten\ncondition: sel")).contains("'gt' needs a number");
        assertThat(rejection(CLOUDTRAIL, "sel:\n  eventName|fieldref: nosuchfield\ncondition: sel"))
                .contains("field 'nosuchfield' has no mapping");
        assertThat(rejection(CLOUDTRAIL, "sel:\n  eventName: []\ncondition: sel")).contains("has an empty value list");
        assertThat(rejection(CLOUDTRAIL, "sel:\n  eventName:\n    a: b\ncondition: sel")).contains("nested list or map");
        assertThat(rejection(CLOUDTRAIL, "sel:\n  eventName|wide: X\ncondition: sel")).contains("must be followed by base64");
    }

    @Test
    void regexesJavaCannotRun() {
        assertThat(rejection(CLOUDTRAIL, "sel:\n  eventName|re: '(?P<n>Stop)'\ncondition: sel"))
                .contains("Python's (?P...) named groups");
        assertThat(rejection(CLOUDTRAIL, "sel:\n  eventName|re: 'Stop('\ncondition: sel"))
                .startsWith("'eventName|re' in 'sel': regex does not compile in Java: Unclosed group");
    }

    @Test
    void conditionsThatCannotBeEvaluatedPerEvent() {
        assertThat(rejection(CLOUDTRAIL, "sel:\n  eventName: X\ncondition: sel | count() by sourceIPAddress > 5"))
                .isEqualTo("condition 'sel | count() by sourceIPAddress > 5': aggregation '| count() by sourceIPAddress > 5'"
                        + " is not a per-event condition (windowed detections are built-in rules)");
        assertThat(rejection(CLOUDTRAIL, "a:\n  eventName: X\nb:\n  eventName: Y\ntimeframe: 5m\ncondition: a and b"))
                .isEqualTo("condition 'a and b' over timeframe 5m: a rule over a time window is not a per-event rule");
        assertThat(rejection(CLOUDTRAIL, "sel:\n  eventName: X\ncondition: sel and other"))
                .isEqualTo("condition 'sel and other': 'other' is not a search identifier of the detection");
        assertThat(rejection(CLOUDTRAIL, "sel:\n  eventName: X\ncondition: 1 of filter_*"))
                .isEqualTo("condition '1 of filter_*': '1 of filter_*' matches no search identifier");
        assertThat(rejection(CLOUDTRAIL, "sel:\n  eventName: X\ncondition: 2 of sel*"))
                .contains("only '1 of' and 'all of' are Sigma");
        assertThat(rejection(CLOUDTRAIL, "sel:\n  eventName: X\ncondition: (sel")).contains("missing ')'");
        assertThat(rejection(CLOUDTRAIL, "sel:\n  eventName: X\ncondition: sel and")).contains("ends where an identifier");
        assertThat(rejection(CLOUDTRAIL, "sel:\n  eventName: X\ncondition: sel sel")).contains("unexpected 'sel'");
    }

    @Test
    void documentsThatAreNotUsableRules() {
        SigmaLoader l = TestRules.LOADER;
        assertThat(reason(l, "title: x\nid: 1\nlogsource: {product: windows, category: process_creation}\n"
                + "detection:\n  sel:\n    Image: x\n  condition: sel"))
                .startsWith("logsource windows/process_creation is not one of our log families (aws/cloudtrail -> cloudtrail");
        assertThat(reason(l, "title: x\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  sel:\n    eventName: X\n  condition: sel"))
                .isEqualTo("no id: a finding needs a stable rule id");
        assertThat(reason(l, "title: x\nid: 1\nlevel: severe\nlogsource: {product: aws, service: cloudtrail}\n"
                + "detection:\n  sel:\n    eventName: X\n  condition: sel")).startsWith("unknown level 'severe'");
        assertThat(reason(l, "title: x\nid: 1\ncorrelation:\n  type: event_count\n  rules: [a]\n"))
                .startsWith("correlation rule (type event_count)");
        assertThat(reason(l, "title: x\nid: 1\ntitle: y\n")).startsWith("invalid YAML: Duplicate field 'title'");
        assertThat(reason(l, "title: [x\n")).startsWith("invalid YAML:");
        assertThat(reason(l, "title: a\n---\ntitle: b\n")).isEqualTo("2 YAML documents in one file (Sigma 1 rule collections are not supported)");
        assertThat(reason(l, "")).isEqualTo("empty file");
    }

    @Test
    void aDirectoryLoadsEveryGoodRuleAndListsEveryBadOne() throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("a.yml"), TestRules.text(CLOUDTRAIL, "sel:\n  eventName: A\ncondition: sel"));
        Files.writeString(dir.resolve("sub/b.yaml"), TestRules.text(CLOUDTRAIL, "sel:\n  eventName: B\ncondition: sel")
                .replace("11111111-2222-3333-4444-555555555555", "22222222-2222-3333-4444-555555555555"));
        Files.writeString(dir.resolve("sub/dup.yml"), TestRules.text(CLOUDTRAIL, "sel:\n  eventName: C\ncondition: sel"));
        Files.writeString(dir.resolve("bad.yml"), "title: [");
        Files.writeString(dir.resolve("notes.txt"), "not a rule");
        SigmaRules r = TestRules.LOADER.loadDirectory(dir, null);
        assertThat(r.rules()).extracting(SigmaRule::source).containsExactly("a.yml", "sub/b.yaml");
        assertThat(r.rejected()).extracting(SigmaRules.Rejected::source).containsExactly("bad.yml", "sub/dup.yml");
        assertThat(r.rejected().get(1).reason())
                .isEqualTo("duplicate id 11111111-2222-3333-4444-555555555555 (already loaded from a.yml)");
        assertThat(r.summary()).isEqualTo("2 Sigma rules loaded (cloudtrail 2), 2 rejected");
        assertThatThrownBy(() -> TestRules.LOADER.loadDirectory(dir.resolve("missing"), null))
                .isInstanceOf(IOException.class).hasMessageContaining("does not exist");
    }

    @Test
    void aRulesDirectoryExtendsAndOverridesTheShippedRules() {
        SigmaRules bundled = TestRules.LOADER.loadBundled();
        SigmaRule shipped = bundled.rules().get(0);
        String mine = TestRules.text(CLOUDTRAIL, "sel:\n  eventName: Mine\ncondition: sel");
        SigmaRules both = bundled.plus(TestRules.LOADER.loadText("mine.yml", mine, null))
                .plus(TestRules.LOADER.loadText("override.yml", mine.replace("11111111-2222-3333-4444-555555555555",
                        shipped.id()), null));
        assertThat(both.rules()).hasSize(bundled.rules().size() + 1);
        assertThat(both.rules().stream().filter(r -> r.id().equals(shipped.id())).toList())
                .extracting(SigmaRule::source).containsExactly("override.yml");
        // Shipped: SigmaHQ's under the DRL, ours name their own licence; a user's rule without one has none.
        assertThat(bundled.rules()).allSatisfy(r -> assertThat(r.license())
                .isEqualTo(r.source().startsWith("sigmahq/") ? "DRL-1.1" : "siemflink"));
        assertThat(List.copyOf(both.rules())).extracting(SigmaRule::license).contains((String) null);
    }

    private static String reason(SigmaLoader l, String yaml) {
        SigmaRules r = l.loadText("t.yml", yaml, null);
        assertThat(r.rules()).isEmpty();
        return r.rejected().get(0).reason();
    }
}
