package io.siemflink.detect.sigma;

import io.siemflink.parsers.IpAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/** The value matchers besides plain strings. */
final class Matchers {
    private Matchers() {
    }

    /**
     * A list of integer literals (a rule's ports, event ids, status codes) as one matcher: a binary search for a
     * number, one set probe for text, where the list took one call per value (the firewall rule's sixteen ports on
     * every flow). Matches exactly what any of the {@link StringMatcher}s it replaces would: numbers compare as
     * numbers, anything else by its text against the literals' text (digits have no case).
     */
    static final class NumberSet extends ValueMatcher {
        /** From this many integer literals in one list, the set replaces them. */
        static final int MIN_VALUES = 4;
        private final long[] numbers;
        private final java.util.Set<String> texts;

        NumberSet(List<StringMatcher> literals) {
            numbers = literals.stream().mapToLong(StringMatcher::number).sorted().distinct().toArray();
            texts = java.util.Set.copyOf(literals.stream().map(StringMatcher::exactLiteral).toList());
        }

        @Override
        boolean matches(Object value, EvalContext ctx) {
            if (value instanceof Long || value instanceof Integer) {
                return java.util.Arrays.binarySearch(numbers, ((Number) value).longValue()) >= 0;
            }
            return texts.contains(text(value));
        }

        @Override
        public String toString() {
            return "any of " + java.util.Arrays.toString(numbers);
        }
    }

    /** {@code null}: the field is absent (or empty). */
    static final class Null extends ValueMatcher {
        @Override
        boolean matches(Object value, EvalContext ctx) {
            return value instanceof String s && s.isEmpty();
        }

        @Override
        boolean matchesAbsent() {
            return true;
        }

        @Override
        public String toString() {
            return "null";
        }
    }

    /** {@code |exists: true/false}. */
    static final class Exists extends ValueMatcher {
        private final boolean expected;

        Exists(boolean expected) {
            this.expected = expected;
        }

        @Override
        boolean matches(Object value, EvalContext ctx) {
            return expected;
        }

        @Override
        boolean matchesAbsent() {
            return !expected;
        }
    }

    /** {@code |re}: a Java regex, searched anywhere in the value (Sigma's regexes are unanchored). */
    static final class Regex extends ValueMatcher {
        private final Pattern pattern;
        /** A literal every match must contain, checked first (a substring search is far cheaper than '.+x.+'). */
        private final String required;

        Regex(Pattern pattern) {
            this.pattern = pattern;
            this.required = (pattern.flags() & (Pattern.CASE_INSENSITIVE | Pattern.LITERAL | Pattern.COMMENTS)) == 0
                    ? requiredLiteral(pattern.pattern()) : null;
        }

        @Override
        boolean matches(Object value, EvalContext ctx) {
            String s = text(value);
            if (required != null && !s.contains(required)) {
                return false;
            }
            return pattern.matcher(s).find();
        }

        /**
         * The longest run of plain characters at the top level of a regex without alternation, which any match
         * must contain; null when there is none of at least 3 characters or the regex is not simple enough to tell.
         */
        static String requiredLiteral(String re) {
            if (re.contains("(?") || re.indexOf('|') >= 0) {
                return null; // inline flags or alternation: no safe claim
            }
            String best = "";
            StringBuilder run = new StringBuilder();
            int depth = 0;
            for (int i = 0; i < re.length(); i++) {
                char c = re.charAt(i);
                boolean plain = depth == 0 && "\\.[]{}()*+?^$".indexOf(c) < 0;
                if (plain && i + 1 < re.length() && "*?{".indexOf(re.charAt(i + 1)) >= 0) {
                    plain = false; // an optional character ends the run
                }
                if (plain) {
                    run.append(c);
                    continue;
                }
                if (run.length() > best.length()) {
                    best = run.toString();
                }
                run.setLength(0);
                if (c == '\\') {
                    i++; // an escape: skip what it escapes
                } else if (c == '(' || c == '[') {
                    depth++;
                } else if ((c == ')' || c == ']') && depth > 0) {
                    depth--;
                }
            }
            if (run.length() > best.length()) {
                best = run.toString();
            }
            return best.length() >= 3 ? best : null;
        }

        @Override
        public String toString() {
            return "re(" + pattern + ")";
        }
    }

    /** {@code |cidr}: the value is an IPv4/IPv6 literal inside the network. */
    static final class Cidr extends ValueMatcher {
        private final byte[] network;
        private final int prefix;

        private Cidr(byte[] network, int prefix) {
            this.network = network;
            this.prefix = prefix;
        }

        static Cidr parse(String cidr) throws SigmaRuleException {
            String s = cidr.trim();
            int slash = s.indexOf('/');
            String addr = slash < 0 ? s : s.substring(0, slash);
            byte[] net = ip(addr);
            if (net == null) {
                throw new SigmaRuleException("|cidr value '" + cidr + "' is not an IPv4/IPv6 network");
            }
            int bits = net.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(s.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new SigmaRuleException("|cidr value '" + cidr + "' has a bad prefix length");
                }
            }
            return new Cidr(net, prefix);
        }

        static byte[] ip(String s) {
            if (!IpAddresses.isIp(s)) {
                return null;
            }
            try {
                return InetAddress.getByName(s).getAddress(); // a checked literal: no DNS lookup
            } catch (UnknownHostException e) {
                return null;
            }
        }

        @Override
        boolean matches(Object value, EvalContext ctx) {
            byte[] a = ip(text(value));
            if (a == null || a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }

    /** {@code |gt}, {@code |gte}, {@code |lt}, {@code |lte}: numeric comparison; non-numbers do not match. */
    static final class Compare extends ValueMatcher {
        enum Op { GT, GTE, LT, LTE }

        private final Op op;
        private final double bound;

        Compare(Op op, double bound) {
            this.op = op;
            this.bound = bound;
        }

        @Override
        boolean matches(Object value, EvalContext ctx) {
            double v;
            if (value instanceof Number n) {
                v = n.doubleValue();
            } else {
                try {
                    v = Double.parseDouble(text(value).trim());
                } catch (NumberFormatException e) {
                    return false;
                }
            }
            switch (op) {
                case GT:
                    return v > bound;
                case GTE:
                    return v >= bound;
                case LT:
                    return v < bound;
                default:
                    return v <= bound;
            }
        }
    }

    /** {@code |fieldref}: the value equals (or contains, starts or ends with) another field's value. */
    static final class FieldRef extends ValueMatcher {
        private final Accessor other;
        private final StringMatcher.Kind kind;
        private final boolean cased;

        FieldRef(Accessor other, StringMatcher.Kind kind, boolean cased) {
            this.other = other;
            this.kind = kind;
            this.cased = cased;
        }

        @Override
        boolean matches(Object value, EvalContext ctx) {
            Object o = other.get(ctx);
            if (o == null) {
                return false;
            }
            String s = text(value);
            if (o instanceof List<?> l) {
                for (Object e : l) {
                    if (e != null && compare(s, text(e))) {
                        return true;
                    }
                }
                return false;
            }
            return compare(s, text(o));
        }

        private boolean compare(String s, String ref) {
            switch (kind) {
                case PREFIX:
                    return s.regionMatches(!cased, 0, ref, 0, ref.length());
                case SUFFIX:
                    return s.length() >= ref.length() && s.regionMatches(!cased, s.length() - ref.length(), ref, 0, ref.length());
                case CONTAINS:
                    if (cased) {
                        return s.contains(ref);
                    }
                    for (int i = 0; i + ref.length() <= s.length(); i++) {
                        if (s.regionMatches(true, i, ref, 0, ref.length())) {
                            return true;
                        }
                    }
                    return false;
                default:
                    return cased ? s.equals(ref) : s.equalsIgnoreCase(ref);
            }
        }
    }
}
