package io.siemflink.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One scanner pass finds exactly the literals a case-insensitive search per literal finds. */
class SubstringScannerTest {
    private static final List<String> LITERALS = List.of("abc", "bc", "c", "union select", "union%20select", "../",
            "..%2f", "é=", "x", "cab", "ababab", "ñandú");

    @Test
    void findsTheSameLiteralsAsIndexOf() {
        SubstringScanner s = new SubstringScanner(LITERALS);
        Random rnd = new Random(7);
        String alphabet = "abcxABCX./%2fu nionselctUNIONSELECTéñdúÉÑÚ=";
        for (int round = 0; round < 5000; round++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(40);
            for (int i = 0; i < len; i++) {
                sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            if (rnd.nextInt(4) == 0) {
                sb.insert(rnd.nextInt(sb.length() + 1), LITERALS.get(rnd.nextInt(LITERALS.size())));
            }
            String text = sb.toString();
            String lower = text.toLowerCase(Locale.ROOT);
            long[] found = s.scan(text);
            for (String l : LITERALS) {
                int id = SubstringScanner.id(l);
                assertThat(s.covers(id)).isTrue();
                assertThat((found[id >>> 6] & (1L << id)) != 0).as("'%s' in '%s'", l, text).isEqualTo(lower.contains(l));
            }
        }
        assertThat(s.covers(SubstringScanner.id("not a literal of this scanner"))).isFalse();
    }

    /**
     * Interleaved segments find what one pass and a search per literal find: texts of every length around the
     * lane thresholds, literals placed across the segment borders, partial literals just before a border (an
     * automaton deep in a near-match when its segment ends), ASCII and non-ASCII text.
     */
    @Test
    void segmentedScansFindWhatOnePassFinds() {
        List<String> literals = new java.util.ArrayList<>(LITERALS);
        literals.addAll(List.of("aaaaaaaaab", "abcabcabd", "%252e%252e%252fetc%252f", "select%20*%20", "=cmd+/c+",
                "~1", "ünïcödé"));
        SubstringScanner s = new SubstringScanner(literals);
        Random rnd = new Random(11);
        String alphabet = "abcdxABCX./%25fetu nionselctUNIONSELECT=+*~1éñdúÉÑÚüïöÜ";
        int checked = 0;
        for (int round = 0; round < 20_000; round++) {
            int len = round < 600 ? round : rnd.nextInt(round % 7 == 0 ? 2000 : 400);
            StringBuilder sb = new StringBuilder(len + 64);
            for (int i = 0; i < len; i++) {
                sb.append(rnd.nextInt(3) == 0 ? 'a' : alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            for (int k = rnd.nextInt(4); k > 0; k--) {
                String lit = literals.get(rnd.nextInt(literals.size()));
                if (rnd.nextBoolean()) {
                    lit = rnd.nextBoolean() ? lit.toUpperCase(Locale.ROOT) : lit.substring(0, rnd.nextInt(lit.length()) + 1);
                }
                // Around a border of 2 or 4 segments, so that an occurrence straddles it.
                int n = sb.length();
                int border = rnd.nextBoolean() ? n / 2 : (n / 4) * (1 + rnd.nextInt(3));
                int at = Math.max(0, Math.min(n, border - rnd.nextInt(lit.length() + 1)));
                sb.insert(at, lit);
            }
            String text = sb.toString();
            String lower = text.toLowerCase(Locale.ROOT);
            long[] one = s.scan(text, 1);
            assertThat(s.scan(text, 2)).as("2 segments of '%s'", text).isEqualTo(one);
            assertThat(s.scan(text, 4)).as("4 segments of '%s'", text).isEqualTo(one);
            assertThat(s.scan(text)).isEqualTo(one);
            for (String l : literals) {
                int id = SubstringScanner.id(l);
                boolean hit = (one[id >>> 6] & (1L << id)) != 0;
                assertThat(hit).as("'%s' in '%s'", l, text).isEqualTo(lower.contains(l));
                checked += hit ? 1 : 0;
            }
        }
        assertThat(checked).as("occurrences found").isGreaterThan(20_000);
    }

    /** The shipped web rules' literals over long lines: what the ELB family's scanner meets. */
    @Test
    void segmentedScansAgreeOnTheShippedWebLiterals() {
        java.util.Set<String> set = new java.util.LinkedHashSet<>();
        SigmaLoader.withDefaultMapping().loadBundled().rules().stream()
                .filter(r -> r.family() == io.siemflink.parsers.LogType.ELB)
                .forEach(r -> set.addAll(r.substringLiterals()));
        List<String> literals = List.copyOf(set);
        assertThat(literals).hasSizeGreaterThan(100);
        SubstringScanner s = new SubstringScanner(literals);
        Random rnd = new Random(5);
        for (int round = 0; round < 3000; round++) {
            StringBuilder sb = new StringBuilder();
            int len = 100 + rnd.nextInt(900);
            while (sb.length() < len) {
                String lit = literals.get(rnd.nextInt(literals.size()));
                sb.append(rnd.nextInt(8) == 0 ? lit : lit.substring(0, rnd.nextInt(lit.length())));
                sb.append(" \"/?=&%".charAt(rnd.nextInt(7)));
            }
            String text = sb.toString();
            String lower = text.toLowerCase(Locale.ROOT);
            long[] one = s.scan(text, 1);
            assertThat(s.scan(text, 2)).isEqualTo(one);
            assertThat(s.scan(text, 4)).isEqualTo(one);
            for (String l : literals) {
                int id = SubstringScanner.id(l);
                assertThat((one[id >>> 6] & (1L << id)) != 0).as("'%s' in '%s'", l, text).isEqualTo(lower.contains(l));
            }
        }
    }
}
