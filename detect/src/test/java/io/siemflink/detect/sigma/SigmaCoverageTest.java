package io.siemflink.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.testing.TestPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every SigmaHQ rule in the shared fixtures loads or is rejected with its reason, exactly as the checked-in
 * table {@code sigma-coverage.tsv} says; and the SigmaHQ rules shipped in the module are exactly the fixture
 * rules that load (beside siemflink's own).
 */
class SigmaCoverageTest {
    static final List<String> FOLDERS = List.of("rules", "rules-placeholder", "unsupported");

    @Test
    void fixtureRulesLoadOrAreRejectedAsRecorded() throws Exception {
        SigmaLoader loader = SigmaLoader.withDefaultMapping();
        List<String[]> rows = new ArrayList<>();
        int loaded = 0;
        int rejected = 0;
        for (String folder : FOLDERS) {
            SigmaRules r = loader.loadDirectory(TestPaths.fixtures().resolve("sigma").resolve(folder), SigmaLoader.DRL);
            for (SigmaRule rule : r.rules()) {
                rows.add(new String[] {folder + "/" + rule.source(), "loaded", rule.family().id(), rule.id(), ""});
                loaded++;
            }
            for (SigmaRules.Rejected x : r.rejected()) {
                rows.add(new String[] {folder + "/" + x.source(), "rejected", "", String.valueOf(x.id()), x.reason()});
                rejected++;
            }
        }
        rows.sort((a, b) -> a[0].compareTo(b[0]));
        StringBuilder sb = new StringBuilder()
                .append("# Sigma rules in ../shared/fixtures/sigma: loaded (with their log family) or rejected (with the reason).\n")
                .append("# Checked by SigmaCoverageTest; -Dgolden.update=true rewrites it.\n")
                .append("# loaded: ").append(loaded).append(", rejected: ").append(rejected).append('\n')
                .append("# file\tresult\tfamily\tid\treason\n");
        for (String[] row : rows) {
            sb.append(String.join("\t", row)).append('\n');
        }
        GoldenText.check(GoldenText.resource("sigma-coverage.tsv"), sb.toString());
        assertThat(loaded + rejected).isEqualTo(80);
    }

    @Test
    void shippedRulesAreTheFixtureRulesThatLoad() throws Exception {
        SigmaLoader loader = SigmaLoader.withDefaultMapping();
        SigmaRules fixtures = loader.loadDirectory(TestPaths.fixtures().resolve("sigma/rules"), SigmaLoader.DRL);
        SigmaRules bundled = loader.loadBundled();
        assertThat(bundled.rejected()).isEmpty();
        // SigmaHQ's rules under sigmahq/ (DRL 1.1), siemflink's own under siemflink/ (SiemflinkRulesTest); nothing else.
        Set<String> sigmahq = new TreeSet<>();
        for (SigmaRule r : bundled.rules()) {
            assertThat(r.author()).as(r.source()).isNotBlank();
            if (r.source().startsWith("sigmahq/")) {
                sigmahq.add(r.id());
                assertThat(r.license()).as(r.source()).isEqualTo("DRL-1.1");
            } else {
                assertThat(r.source()).startsWith("siemflink/");
                assertThat(r.license()).as(r.source()).isEqualTo("siemflink");
            }
        }
        assertThat(sigmahq).isEqualTo(ids(fixtures));
        assertThat(bundled.rules()).hasSize(71 + 28);
    }

    @Test
    void indexListsEveryShippedRuleFile() throws Exception {
        Path dir = Path.of("src/main/resources/sigma/rules");
        Set<String> files;
        try (var s = java.nio.file.Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yml")).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> index = new TreeSet<>(java.nio.file.Files.readAllLines(dir.resolve("index.txt")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
        assertThat(index).isEqualTo(files);
    }

    private static Set<String> ids(SigmaRules r) {
        return r.rules().stream().map(SigmaRule::id).collect(Collectors.toCollection(TreeSet::new));
    }
}
