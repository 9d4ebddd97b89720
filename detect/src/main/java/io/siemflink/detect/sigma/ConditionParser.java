package io.siemflink.detect.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recursive descent over Sigma's condition grammar: {@code or} < {@code and} < {@code not} < primary, where a
 * primary is a parenthesised condition, a search identifier, or {@code 1 of X} / {@code all of X} with X a
 * name, a name pattern with {@code *}, or {@code them} (every identifier not starting with {@code _}).
 */
final class ConditionParser {
    private final String text;
    private final Map<String, Detection> identifiers;
    private final List<String> tokens = new ArrayList<>();
    private int pos;

    private ConditionParser(String text, Map<String, Detection> identifiers) {
        this.text = text;
        this.identifiers = identifiers;
    }

    static Condition parse(String condition, Map<String, Detection> identifiers) throws SigmaRuleException {
        ConditionParser p = new ConditionParser(condition, identifiers);
        p.tokenize();
        if (p.tokens.isEmpty()) {
            throw new SigmaRuleException("empty condition");
        }
        Condition c = p.or();
        if (p.pos < p.tokens.size()) {
            throw p.error("unexpected '" + p.tokens.get(p.pos) + "'");
        }
        return c;
    }

    private void tokenize() throws SigmaRuleException {
        int bar = text.indexOf('|');
        if (bar >= 0) {
            throw new SigmaRuleException("condition '" + text.trim() + "': aggregation '" + text.substring(bar).trim()
                    + "' is not a per-event condition (windowed detections are built-in rules)");
        }
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(String.valueOf(c));
                i++;
            } else {
                int s = i;
                while (i < n && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '(' && text.charAt(i) != ')') {
                    i++;
                }
                tokens.add(text.substring(s, i));
            }
        }
    }

    private String peek() {
        return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private boolean keyword(String k) {
        String t = peek();
        if (t != null && t.equalsIgnoreCase(k)) {
            pos++;
            return true;
        }
        return false;
    }

    private Condition or() throws SigmaRuleException {
        List<Condition> parts = new ArrayList<>();
        parts.add(and());
        while (keyword("or")) {
            parts.add(and());
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.Or(parts);
    }

    private Condition and() throws SigmaRuleException {
        List<Condition> parts = new ArrayList<>();
        parts.add(not());
        while (keyword("and")) {
            parts.add(not());
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.And(parts);
    }

    private Condition not() throws SigmaRuleException {
        if (keyword("not")) {
            return new Condition.Not(not());
        }
        return primary();
    }

    private Condition primary() throws SigmaRuleException {
        String t = peek();
        if (t == null) {
            throw error("ends where an identifier or '(' is expected");
        }
        if (t.equals("(")) {
            pos++;
            Condition c = or();
            if (!keyword(")")) {
                throw error("missing ')'");
            }
            return c;
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (pos + 1 < tokens.size() && tokens.get(pos + 1).equalsIgnoreCase("of")) {
            pos += 2;
            boolean all;
            if (lower.equals("all")) {
                all = true;
            } else if (lower.equals("1") || lower.equals("any")) {
                all = false;
            } else {
                throw error("'" + t + " of': only '1 of' and 'all of' are Sigma");
            }
            String target = peek();
            if (target == null || target.equals("(") || target.equals(")")) {
                throw error("'" + t + " of' needs a name pattern or 'them'");
            }
            pos++;
            List<Condition> refs = new ArrayList<>();
            for (Map.Entry<String, Detection> e : identifiers.entrySet()) {
                String name = e.getKey();
                boolean hit = target.equalsIgnoreCase("them") ? !name.startsWith("_") : Glob.matches(target, name);
                if (hit) {
                    refs.add(new Condition.Ref(e.getValue()));
                }
            }
            if (refs.isEmpty()) {
                throw error("'" + t + " of " + target + "' matches no search identifier");
            }
            if (refs.size() == 1) {
                return refs.get(0);
            }
            return all ? new Condition.And(refs) : new Condition.Or(refs);
        }
        if (lower.equals("and") || lower.equals("or") || t.equals(")")) {
            throw error("unexpected '" + t + "'");
        }
        Detection d = identifiers.get(t);
        if (d == null) {
            throw error("'" + t + "' is not a search identifier of the detection");
        }
        pos++;
        return new Condition.Ref(d);
    }

    private SigmaRuleException error(String what) {
        return new SigmaRuleException("condition '" + text.trim() + "': " + what);
    }

    /** Identifier patterns: only {@code *} is special. */
    static final class Glob {
        private Glob() {
        }

        static boolean matches(String pattern, String name) {
            return match(pattern, 0, name, 0);
        }

        private static boolean match(String p, int pi, String s, int si) {
            while (pi < p.length()) {
                char c = p.charAt(pi);
                if (c == '*') {
                    for (int k = si; k <= s.length(); k++) {
                        if (match(p, pi + 1, s, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                if (si >= s.length() || s.charAt(si) != c) {
                    return false;
                }
                pi++;
                si++;
            }
            return si == s.length();
        }
    }
}
