package io.siemflink.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A URL or user agent found verbatim in an ALB line is not scanned when the line's scan shows none of the
 * literals an item asks for. Checked against each rule evaluated on its own (one search per literal, no
 * scanner): random lines whose URLs and user agents hold the literals, pieces of them, escaped quotes and
 * backslashes (then the value is not verbatim in the line, and a literal may occur only in the value).
 */
class RecordScanShortcutTest {
    private static final List<String> PIECES = List.of("sqlmap/", "Nikto/", "a\\\"b", "x\\\\y", "../../../etc/",
            "cmd=read", "~1", "a.aspx", "=C:/Windows", "union select", "<script>", "SELECT", "Mozilla/5.0 ", "curl",
            "%2e%2e", "/mgmt/tm/util/bash", ".git/", "\\\"", "\\\\", "admin", "AdMiN", "é", "ünï");

    private static String piece(Random rnd) {
        String p = PIECES.get(rnd.nextInt(PIECES.size()));
        boolean cut = rnd.nextInt(3) == 0 && p.indexOf('\\') < 0; // escapes stay whole: the line must parse
        return cut ? p.substring(0, rnd.nextInt(p.length()) + 1) : p;
    }

    private static String text(Random rnd, int pieces) {
        StringBuilder sb = new StringBuilder();
        for (int i = rnd.nextInt(pieces + 1); i > 0; i--) {
            sb.append(piece(rnd));
        }
        return sb.toString();
    }

    @Test
    void fieldScansThatLeanOnTheLineFindWhatEachRuleFinds() {
        List<SigmaRule> all = new ArrayList<>();
        // First, so that the line is scanned before the field items run (as the shipped keyword rules do).
        all.add(rule(0, "keywords:\n  - 'a\"b'\n  - 'x\\y'\n  - 'union select'\n"
                + "  - 'no such keyword'\ncondition: keywords"));
        all.add(rule(1, "sel:\n  cs-user-agent|contains:\n    - 'a\"b'\n    - 'x\\y'\n"
                + "    - 'sqlmap/'\n    - 'curl'\ncondition: sel"));
        all.add(rule(2, "sel:\n  cs-uri-query|contains|all:\n    - 'admin'\n"
                + "    - 'a\"b'\n    - '*etc*'\ncondition: sel"));
        all.add(rule(3, "sel:\n  cs-user-agent: '*mozilla*select*'\n"
                + "  cs-uri-query|contains: 'x\\y'\ncondition: sel or not sel"));
        all.add(rule(4, "sel:\n  cs-user-agent: '*Nikto*curl*'\ncondition: sel"));
        all.addAll(SigmaLoader.withDefaultMapping().loadBundled().rules()); // >= 16 web literals: a scanner
        SigmaEngine engine = new SigmaEngine(all);
        Random rnd = new Random(23);
        int fired = 0;
        for (int round = 0; round < 4000; round++) {
            String url = "http://shop.example.com:80/" + text(rnd, 4).replace(" ", "%20") + "?q=" + text(rnd, 3)
                    .replace(" ", "+");
            String ua = text(rnd, 5);
            String domain = text(rnd, 3).replace(" ", "_");
            Event e = TestRules.elb("http 2025-06-01T10:15:02.482913Z app/shop-prod-alb/4f1b2c3d4e5f6a7b 203.0.113.45:51234 "
                    + "10.0.12.87:8080 0.001 0.045 0.000 200 200 812 15432 \"GET " + url + " HTTP/1.1\" \"" + ua
                    + "\" - - arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/shop-web/0a1b2c3d4e5f6071 "
                    + "\"Root=1-683c2a36-1a2b3c4d5e6f708192a3b4c5\" \"" + domain + "\" \"-\" 10 2025-06-01T10:15:02.436000Z "
                    + "\"forward\" \"-\" \"-\" \"10.0.12.87:8080\" \"200\" \"-\" \"-\"");
            Set<Integer> viaEngine = new TreeSet<>();
            engine.evaluate(e, f -> viaEngine.add(index(all, f.ruleId)));
            Set<Integer> viaEachRule = new TreeSet<>();
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).matches(e)) {
                    viaEachRule.add(i);
                }
            }
            assertThat(viaEngine).as("line %s", e.original()).isEqualTo(viaEachRule);
            fired += viaEngine.size();
        }
        assertThat(fired).isGreaterThan(1000);
        assertThat(engine.evaluationErrors()).isZero();
    }

    /** A web rule with its own id. */
    private static SigmaRule rule(int n, String detection) {
        String text = TestRules.text(TestRules.WEBSERVER, detection)
                .replace("11111111-2222-3333-4444-555555555555", "11111111-2222-3333-4444-00000000000" + n);
        SigmaRules r = TestRules.LOADER.loadText("test" + n + ".yml", text, null);
        assertThat(r.rejected()).isEmpty();
        return r.rules().get(0);
    }

    private static int index(List<SigmaRule> rules, String id) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new AssertionError(id);
    }
}
