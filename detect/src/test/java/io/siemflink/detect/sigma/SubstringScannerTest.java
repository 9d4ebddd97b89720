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
}
