package io.siemflink.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The prefilter's table finds what a map lookup of the lower-cased value finds. */
class PinTableTest {
    @Test
    void findsWhatTheLowerCasedLookupFinds() {
        List<String> pins = List.of("get", "post", "consolelogin", "stoplogging", "deletetrail", "signin.amazonaws.com",
                "key", "i\u0307x", "\u00e9t\u00e9", "s3.amazonaws.com", "a", "");
        Map<String, SigmaRule[]> lower = new HashMap<>();
        for (String p : pins) {
            lower.put(p, new SigmaRule[0]);
        }
        SigmaEngine.PinTable t = new SigmaEngine.PinTable(lower);
        Random rnd = new Random(17);
        String alphabet = "aAeEgGtTpPoOsSkKyYiIx.3\u212a\u0130\u0131\u00e9\u00c9\u0307";
        int hits = 0;
        for (int round = 0; round < 50_000; round++) {
            String v;
            if (rnd.nextBoolean()) {
                StringBuilder sb = new StringBuilder(pins.get(rnd.nextInt(pins.size())));
                for (int i = 0; i < sb.length(); i++) {
                    if (rnd.nextInt(3) == 0) {
                        sb.setCharAt(i, Character.toUpperCase(sb.charAt(i)));
                    }
                    if (sb.charAt(i) == 'k' && rnd.nextInt(4) == 0) {
                        sb.setCharAt(i, '\u212a'); // the Kelvin sign lower-cases to k
                    }
                }
                v = sb.toString();
            } else {
                StringBuilder sb = new StringBuilder();
                for (int i = rnd.nextInt(5); i > 0; i--) {
                    sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
                v = sb.toString();
            }
            SigmaRule[] expected = lower.get(v.toLowerCase(Locale.ROOT));
            assertThat(t.get(v)).as("'%s'", v).isSameAs(expected);
            hits += expected != null ? 1 : 0;
        }
        assertThat(hits).isGreaterThan(10_000);
        assertThat(new SigmaEngine.PinTable(Map.of()).get("GET")).isNull();
    }
}
