package io.siemflink.detect.sigma;

/**
 * A Sigma string value with its wildcards ({@code *}, {@code ?}; {@code \} escapes them and itself), compiled
 * once into the cheapest test: equality, prefix, suffix, substring, "any value" or a glob. Case-insensitive
 * unless {@code |cased}. Allocation-free for string fields.
 */
final class StringMatcher extends ValueMatcher {
    enum Kind { EXACT, PREFIX, SUFFIX, CONTAINS, ANY, GLOB }

    static final byte LIT = 0;
    static final byte STAR = 1;
    static final byte QMARK = 2;

    private final Kind kind;
    private final String literal;
    private final boolean cased;
    /** For EXACT on an integer literal: numeric fields compare as numbers. */
    private final boolean numeric;
    private final long number;
    /** For case-insensitive substring and glob tests: the literal / pattern lower-cased, compared with the
     * lower-cased value, so a substring search is one String.indexOf. */
    private final String lowerLiteral;
    /** The literal is ASCII: case-insensitive equality, prefix and suffix compare by ASCII folding. */
    private final boolean asciiLiteral;
    /** {@link SubstringScanner#id} of a case-insensitive substring literal, else -1. */
    private final int literalId;
    private final char[] pattern;
    private final byte[] kinds;
    /** A glob of literals and stars only: its literal segments, found in order by substring search. */
    private final String[] segments;
    private final boolean anchoredStart;
    private final boolean anchoredEnd;
    /** A case-insensitive '*'-only glob: its longest segment, which the value must contain (scanner prefilter). */
    private final String requiredSegment;
    private final int requiredId;
    private final String source;

    private StringMatcher(Kind kind, String literal, char[] pattern, byte[] kinds, boolean cased, String source) {
        this.kind = kind;
        this.literal = literal;
        this.pattern = pattern;
        this.kinds = kinds;
        this.cased = cased;
        this.source = source;
        Long n = kind == Kind.EXACT ? parseLong(literal) : null;
        this.numeric = n != null;
        this.number = n == null ? 0 : n;
        this.lowerLiteral = literal == null ? null : literal.toLowerCase(java.util.Locale.ROOT);
        this.asciiLiteral = literal != null && literal.chars().allMatch(c -> c < 128);
        this.literalId = kind == Kind.CONTAINS && !cased ? SubstringScanner.id(lowerLiteral) : -1;
        String[] segs = null;
        if (kind == Kind.GLOB) {
            boolean starsOnly = true;
            java.util.List<String> parts = new java.util.ArrayList<>();
            StringBuilder cur = new StringBuilder();
            for (int i = 0; i < pattern.length; i++) {
                if (kinds[i] == QMARK) {
                    starsOnly = false;
                } else if (kinds[i] == STAR) {
                    parts.add(cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(cased ? pattern[i] : lowerChar(pattern[i]));
                }
            }
            parts.add(cur.toString());
            if (starsOnly) {
                segs = parts.toArray(new String[0]);
            }
        }
        this.segments = segs;
        this.anchoredStart = segs != null && !segs[0].isEmpty();
        this.anchoredEnd = segs != null && !segs[segs.length - 1].isEmpty();
        String longest = null;
        if (segs != null && !cased) {
            for (String seg : segs) {
                if (longest == null || seg.length() > longest.length()) {
                    longest = seg;
                }
            }
        }
        this.requiredSegment = longest != null && longest.length() >= 3 ? longest : null;
        this.requiredId = requiredSegment != null ? SubstringScanner.id(requiredSegment) : -1;
        if (!cased && kind == Kind.GLOB) {
            for (int i = 0; i < pattern.length; i++) {
                if (kinds[i] == LIT) {
                    pattern[i] = lowerChar(pattern[i]);
                }
            }
        }
    }

    private static char lowerChar(char c) {
        return String.valueOf(c).toLowerCase(java.util.Locale.ROOT).charAt(0);
    }

    /** A value whose wildcards and escapes are still to be read. */
    static StringMatcher of(String sigmaValue, boolean prefixStar, boolean suffixStar, boolean cased) {
        int n = sigmaValue.length();
        StringBuilder chars = new StringBuilder(n + 2);
        java.io.ByteArrayOutputStream kinds = new java.io.ByteArrayOutputStream(n + 2);
        if (prefixStar) {
            chars.append('*');
            kinds.write(STAR);
        }
        for (int i = 0; i < n; i++) {
            char c = sigmaValue.charAt(i);
            if (c == '\\' && i + 1 < n && (sigmaValue.charAt(i + 1) == '*' || sigmaValue.charAt(i + 1) == '?'
                    || sigmaValue.charAt(i + 1) == '\\')) {
                chars.append(sigmaValue.charAt(++i));
                kinds.write(LIT);
            } else if (c == '*') {
                chars.append('*');
                kinds.write(STAR);
            } else if (c == '?') {
                chars.append('?');
                kinds.write(QMARK);
            } else {
                chars.append(c);
                kinds.write(LIT);
            }
        }
        if (suffixStar) {
            chars.append('*');
            kinds.write(STAR);
        }
        return compile(chars.toString().toCharArray(), kinds.toByteArray(), cased, sigmaValue);
    }

    /** A value taken literally (no wildcards), e.g. an encoded one. */
    static StringMatcher literal(String value, boolean prefixStar, boolean suffixStar, boolean cased) {
        int n = value.length() + (prefixStar ? 1 : 0) + (suffixStar ? 1 : 0);
        char[] p = new char[n];
        byte[] k = new byte[n];
        int j = 0;
        if (prefixStar) {
            p[j] = '*';
            k[j++] = STAR;
        }
        for (int i = 0; i < value.length(); i++) {
            p[j] = value.charAt(i);
            k[j++] = LIT;
        }
        if (suffixStar) {
            p[j] = '*';
            k[j] = STAR;
        }
        return compile(p, k, cased, value);
    }

    private static StringMatcher compile(char[] p, byte[] k, boolean cased, String source) {
        // Collapse runs of stars: '**' is '*'.
        int w = 0;
        for (int i = 0; i < p.length; i++) {
            if (k[i] == STAR && w > 0 && k[w - 1] == STAR) {
                continue;
            }
            p[w] = p[i];
            k[w++] = k[i];
        }
        char[] pat = java.util.Arrays.copyOf(p, w);
        byte[] kinds = java.util.Arrays.copyOf(k, w);
        boolean lead = w > 0 && kinds[0] == STAR;
        boolean trail = w > 0 && kinds[w - 1] == STAR && !(w == 1 && lead);
        int from = lead ? 1 : 0;
        int to = trail ? w - 1 : w;
        boolean inner = false;
        for (int i = from; i < to; i++) {
            if (kinds[i] != LIT) {
                inner = true;
                break;
            }
        }
        if (inner) {
            return new StringMatcher(Kind.GLOB, null, pat, kinds, cased, source);
        }
        String lit = new String(pat, from, Math.max(0, to - from));
        Kind kind;
        if (lit.isEmpty()) {
            kind = (lead || trail) ? Kind.ANY : Kind.EXACT;
        } else if (lead && trail) {
            kind = Kind.CONTAINS;
        } else if (lead) {
            kind = Kind.SUFFIX;
        } else if (trail) {
            kind = Kind.PREFIX;
        } else {
            kind = Kind.EXACT;
        }
        return new StringMatcher(kind, lit, pat, kinds, cased, source);
    }

    Kind kind() {
        return kind;
    }

    int literalId() {
        return literalId;
    }

    /** Lower-cased literals the scanner should know: a substring test's, or a glob's required segment. */
    String scannableLiteral() {
        return literalId >= 0 ? lowerLiteral : requiredSegment;
    }

    /** The literal of a wildcard-free exact match, else null (for the prefilter). */
    String exactLiteral() {
        return kind == Kind.EXACT ? literal : null;
    }

    /** Whether this is equality with an integer literal (text such as "8080"): see {@link Matchers.NumberSet}. */
    boolean isExactNumber() {
        return numeric;
    }

    /** The integer of an {@link #isExactNumber} literal. */
    long number() {
        return number;
    }

    @Override
    boolean matchesAbsent() {
        // Parsers never keep empty values, so '' (as SigmaHQ writes "empty") also means absent.
        return kind == Kind.EXACT && literal.isEmpty();
    }

    @Override
    boolean matches(Object value, EvalContext ctx) {
        if (numeric && (value instanceof Long || value instanceof Integer)) {
            return ((Number) value).longValue() == number;
        }
        String s = text(value);
        switch (kind) {
            case EXACT:
                return cased ? s.equals(literal) : s.length() == literal.length() && regionIgnoringCase(s, 0);
            case PREFIX:
                return cased ? s.startsWith(literal) : s.length() >= literal.length() && regionIgnoringCase(s, 0);
            case SUFFIX:
                return s.length() >= literal.length() && (cased ? s.endsWith(literal)
                        : regionIgnoringCase(s, s.length() - literal.length()));
            case CONTAINS:
                return cased ? s.contains(literal) : ctx.containsLower(s, lowerLiteral, literalId);
            case ANY:
                return true;
            default:
                if (requiredId >= 0 && ctx.lacks(s, requiredId)) {
                    return false;
                }
                return segments != null ? segments(cased ? s : ctx.lower(s)) : glob(cased ? s : ctx.lower(s));
        }
    }

    /**
     * {@code s.regionMatches(true, from, literal, 0, literal.length())}, with ASCII text against an ASCII literal
     * compared by folding A-Z (what the JDK's per-character case mapping amounts to there, at a fraction of its
     * cost: VPC actions and HTTP methods are compared on every event). Any other character takes the JDK's path.
     */
    private boolean regionIgnoringCase(String s, int from) {
        if (!asciiLiteral) {
            return s.regionMatches(true, from, literal, 0, literal.length());
        }
        String l = lowerLiteral;
        for (int i = 0, n = l.length(); i < n; i++) {
            char c = s.charAt(from + i);
            if (c >= 128) {
                return s.regionMatches(true, from, literal, 0, n);
            }
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != l.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * '*'-only globs: the first segment at the start (unless the pattern starts with '*'), the last at the end
     * (unless it ends with '*'), the ones between leftmost in order; leftmost is always the best choice.
     */
    private boolean segments(String s) {
        String[] seg = segments;
        int last = seg.length - 1;
        int from = 0;
        int end = s.length();
        if (anchoredEnd) {
            String tail = seg[last];
            if (tail.length() > end || !s.startsWith(tail, end - tail.length())) {
                return false;
            }
            end -= tail.length();
        }
        if (anchoredStart) {
            if (seg[0].length() > end || !s.startsWith(seg[0])) {
                return false;
            }
            from = seg[0].length();
        }
        for (int i = 1; i < last; i++) {
            if (seg[i].isEmpty()) {
                continue;
            }
            int at = s.indexOf(seg[i], from);
            if (at < 0 || at + seg[i].length() > end) {
                return false;
            }
            from = at + seg[i].length();
        }
        return from <= end;
    }

    /** {@code s} is already lower-cased when the match ignores case (the pattern's literals are too). */
    private boolean glob(String s) {
        char[] p = pattern;
        byte[] k = kinds;
        int si = 0;
        int pi = 0;
        int starP = -1;
        int starS = 0;
        int n = s.length();
        while (si < n) {
            if (pi < p.length && (k[pi] == QMARK || (k[pi] == LIT && p[pi] == s.charAt(si)))) {
                si++;
                pi++;
            } else if (pi < p.length && k[pi] == STAR) {
                starP = pi++;
                starS = si;
            } else if (starP >= 0) {
                pi = starP + 1;
                si = ++starS;
            } else {
                return false;
            }
        }
        while (pi < p.length && k[pi] == STAR) {
            pi++;
        }
        return pi == p.length;
    }


    private static Long parseLong(String s) {
        if (s == null || s.isEmpty() || s.length() > 18) {
            return null;
        }
        int i = s.charAt(0) == '-' ? 1 : 0;
        if (i == s.length()) {
            return null;
        }
        for (int j = i; j < s.length(); j++) {
            if (s.charAt(j) < '0' || s.charAt(j) > '9') {
                return null;
            }
        }
        if (s.length() - i > 1 && s.charAt(i) == '0') {
            return null; // "0080" is text, not the number 80
        }
        return Long.parseLong(s);
    }

    @Override
    public String toString() {
        return kind + "(" + source + (cased ? ", cased" : "") + ")";
    }
}
