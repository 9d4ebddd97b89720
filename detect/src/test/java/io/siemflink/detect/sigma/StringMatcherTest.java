package io.siemflink.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Case-insensitive equality, prefix and suffix compare ASCII by folding A-Z: the same answers as the JDK's
 * {@code equalsIgnoreCase} / {@code regionMatches(true, ...)}, including characters whose case mapping lands
 * in ASCII (dotless i, long s, the Kelvin sign) and non-ASCII literals.
 */
class StringMatcherTest {
    private static final String ALPHABET = "aAbBcCiIkKsSzZ09 -_/.\u0131\u0130\u017f\u212a\u00df\u00e9\u00c9\u0100\u4e2d";

    private static String random(Random rnd, int maxLen) {
        StringBuilder sb = new StringBuilder();
        for (int i = rnd.nextInt(maxLen + 1); i > 0; i--) {
            sb.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** A variant of {@code s} with the case of random characters flipped, or a tricky look-alike. */
    private static String variant(Random rnd, String s) {
        StringBuilder sb = new StringBuilder(s);
        for (int i = 0; i < sb.length(); i++) {
            char c = sb.charAt(i);
            int pick = rnd.nextInt(6);
            if (pick == 0) {
                sb.setCharAt(i, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
            } else if (pick == 1 && (c == 'i' || c == 'I')) {
                sb.setCharAt(i, rnd.nextBoolean() ? '\u0131' : '\u0130');
            } else if (pick == 1 && (c == 's' || c == 'S')) {
                sb.setCharAt(i, '\u017f');
            } else if (pick == 1 && (c == 'k' || c == 'K')) {
                sb.setCharAt(i, '\u212a');
            }
        }
        return sb.toString();
    }

    @Test
    void caseInsensitiveComparisonsAgreeWithTheJdk() {
        Random rnd = new Random(13);
        int matched = 0;
        for (int round = 0; round < 20_000; round++) {
            String lit = rnd.nextInt(3) == 0 ? random(rnd, 6) : List.of("accept", "GET", "Post", "/mgmt/tm/util/bash",
                    "a.aspx", "sk", "\u00e9t\u00e9", "\u0130", "k").get(rnd.nextInt(9));
            if (lit.isEmpty() || lit.indexOf('*') >= 0) {
                continue;
            }
            String base = variant(rnd, lit);
            String value = switch (rnd.nextInt(4)) {
                case 0 -> base;
                case 1 -> random(rnd, 3) + base;
                case 2 -> base + random(rnd, 3);
                default -> random(rnd, 8);
            };
            boolean exact = StringMatcher.literal(lit, false, false, false).matches(value, null);
            boolean prefix = StringMatcher.literal(lit, false, true, false).matches(value, null);
            boolean suffix = StringMatcher.literal(lit, true, false, false).matches(value, null);
            assertThat(exact).as("'%s' equals '%s'", value, lit).isEqualTo(value.equalsIgnoreCase(lit));
            assertThat(prefix).as("'%s' starts with '%s'", value, lit)
                    .isEqualTo(value.regionMatches(true, 0, lit, 0, lit.length()));
            assertThat(suffix).as("'%s' ends with '%s'", value, lit).isEqualTo(value.length() >= lit.length()
                    && value.regionMatches(true, value.length() - lit.length(), lit, 0, lit.length()));
            assertThat(StringMatcher.literal(lit, false, false, true).matches(value, null)).isEqualTo(value.equals(lit));
            assertThat(StringMatcher.literal(lit, false, true, true).matches(value, null)).isEqualTo(value.startsWith(lit));
            assertThat(StringMatcher.literal(lit, true, false, true).matches(value, null)).isEqualTo(value.endsWith(lit));
            matched += exact ? 1 : 0;
        }
        assertThat(matched).as("equal pairs met").isGreaterThan(1000);
    }
}
