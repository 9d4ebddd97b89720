package io.siemflink.enrich.intel;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of the STIX 2.1 patterning language that single-value matching can honour: observation expressions
 * joined by {@code OR}, each a bracketed comparison or several joined by {@code OR}, comparing
 * {@code ipv4-addr:value}, {@code ipv6-addr:value} or {@code domain-name:value} with {@code =} or
 * {@code ISSUBSET} to a quoted string. {@code AND}, {@code FOLLOWEDBY}, qualifiers, other objects and operators
 * need several observations or other data and are refused with the reason.
 */
final class StixPatterns {
    /** One comparison: the object type and the literal. */
    record Term(String objectType, String value) {
    }

    /** A pattern that cannot be matched here, with the reason. */
    static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String msg) {
            super(msg);
        }
    }

    private final String s;
    private int i;

    private StixPatterns(String s) {
        this.s = s;
    }

    static List<Term> parse(String pattern) throws Unsupported {
        StixPatterns p = new StixPatterns(pattern);
        List<Term> out = new ArrayList<>();
        p.observation(out);
        while (p.skipSpaces() < pattern.length()) {
            String word = p.word();
            if (!word.equals("OR")) {
                throw new Unsupported("'" + word + "' between observations (only OR is matched)");
            }
            p.observation(out);
        }
        return out;
    }

    private int skipSpaces() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private String word() {
        skipSpaces();
        int start = i;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '[' && s.charAt(i) != ']'
                && s.charAt(i) != '\'') {
            i++;
        }
        return s.substring(start, i);
    }

    private void expect(char c) throws Unsupported {
        skipSpaces();
        if (i >= s.length() || s.charAt(i) != c) {
            throw new Unsupported("expected '" + c + "' at offset " + i);
        }
        i++;
    }

    private void observation(List<Term> out) throws Unsupported {
        expect('[');
        while (true) {
            out.add(comparison());
            skipSpaces();
            if (i < s.length() && s.charAt(i) == ']') {
                i++;
                return;
            }
            String joiner = word();
            if (!joiner.equals("OR")) {
                throw new Unsupported("'" + joiner + "' inside an observation (only OR is matched)");
            }
        }
    }

    private Term comparison() throws Unsupported {
        String path = word();
        int colon = path.indexOf(':');
        if (colon < 0) {
            throw new Unsupported("not an object path: '" + path + "'");
        }
        String type = path.substring(0, colon);
        String prop = path.substring(colon + 1);
        if (!prop.equals("value") || !(type.equals("ipv4-addr") || type.equals("ipv6-addr")
                || type.equals("domain-name"))) {
            throw new Unsupported("object path " + path + " (ipv4-addr:value, ipv6-addr:value and "
                    + "domain-name:value are matched)");
        }
        String op = word();
        if (!op.equals("=") && !(op.equals("ISSUBSET") && !type.equals("domain-name"))) {
            throw new Unsupported("operator '" + op + "' for " + path);
        }
        return new Term(type, string());
    }

    private String string() throws Unsupported {
        expect('\'');
        StringBuilder b = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '\\' && i < s.length()) {
                b.append(s.charAt(i++));
            } else if (c == '\'') {
                return b.toString();
            } else {
                b.append(c);
            }
        }
        throw new Unsupported("unterminated string");
    }
}
