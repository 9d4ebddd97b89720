package io.siemflink.parsers.elb;

/**
 * Splits one log line into space-separated fields, quote aware, without regex or per-field allocation: only
 * bounds are recorded; {@link #text(int)} makes a String when a value is actually used.
 *
 * <p>Two modes. The default (ALB, classic ELB, connection logs): a field that starts with {@code "} ends at its
 * closing quote, which also ends the field even when no space follows (Elastic's own ALB fixture has
 * {@code "-"1}); {@code \"} and {@code \\} inside quotes are escapes. The glued mode (NLB): a field is a run of
 * non-space characters in which quoted parts may hold spaces, because the NLB ALPN list is written as
 * {@code "h2","http/1.1"}.
 *
 * <p>One instance per thread; {@link #split} resets it.
 */
final class ElbTokens {
    /** More fields than any known format has; later ones are unknown additions and are not even scanned. */
    static final int MAX = 40;

    private final int[] start = new int[MAX];
    private final int[] end = new int[MAX];
    private final boolean[] escaped = new boolean[MAX];
    private String s;
    private int count;

    /**
     * @param maxFields stop after this many fields (the rest of the line is not looked at)
     * @return null, or the reason the line cannot be split (an unterminated quote)
     */
    String split(String line, boolean glued, int maxFields) {
        s = line;
        count = 0;
        int n = line.length();
        int i = 0;
        int limit = Math.min(maxFields, MAX);
        int backslash = glued ? -1 : line.indexOf('\\'); // the next backslash at or after a quoted field, or -1
        while (count < limit) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            if (i >= n) {
                break;
            }
            int k = count;
            escaped[k] = false;
            char c = line.charAt(i);
            if (glued) {
                int from = i;
                boolean inQuote = false;
                while (i < n) {
                    char d = line.charAt(i);
                    if (d == '"') {
                        inQuote = !inQuote;
                    } else if (d == ' ' && !inQuote) {
                        break;
                    }
                    i++;
                }
                if (inQuote) {
                    return "unterminated_quote: field " + (k + 1) + " opens a quote that never closes";
                }
                // A plain quoted value loses its quotes; a compound one ("a","b") is kept whole.
                if (i - from >= 2 && line.charAt(from) == '"' && line.charAt(i - 1) == '"'
                        && line.indexOf('"', from + 1) == i - 1) {
                    start[k] = from + 1;
                    end[k] = i - 1;
                } else {
                    start[k] = from;
                    end[k] = i;
                }
            } else if (c == '"') {
                int from = ++i;
                // String.indexOf runs as a vectorised intrinsic, which beats a charAt loop over the long quoted
                // fields (request, user agent). Escapes are rare: only a quoted field with a backslash before
                // its closing quote takes the char loop.
                int quote = line.indexOf('"', from);
                if (quote < 0) {
                    return "unterminated_quote: field " + (k + 1) + " opens a quote that never closes";
                }
                if (backslash >= 0 && backslash < from) {
                    backslash = line.indexOf('\\', from);
                }
                if (backslash >= 0 && backslash < quote) {
                    i = closingQuote(line, from, k);
                    if (i < 0) {
                        return "unterminated_quote: field " + (k + 1) + " opens a quote that never closes";
                    }
                } else {
                    i = quote;
                }
                start[k] = from;
                end[k] = i;
                i++; // past the closing quote
            } else {
                int from = i;
                int space = line.indexOf(' ', i);
                i = space < 0 ? n : space;
                start[k] = from;
                end[k] = i;
            }
            count++;
        }
        return null;
    }

    /**
     * The index of the quote that closes a quoted field whose text starts at {@code from}, honouring the
     * {@code \"} and {@code \\} escapes (and marking the field as escaped); -1 when none closes it.
     */
    private int closingQuote(String line, int from, int k) {
        int n = line.length();
        int i = from;
        while (i < n) {
            char d = line.charAt(i);
            if (d == '\\' && i + 1 < n) {
                char e = line.charAt(i + 1);
                if (e == '"' || e == '\\') {
                    escaped[k] = true;
                    i += 2;
                    continue;
                }
            } else if (d == '"') {
                return i;
            }
            i++;
        }
        return -1;
    }

    int count() {
        return count;
    }

    String line() {
        return s;
    }

    int start(int i) {
        return start[i];
    }

    int end(int i) {
        return end[i];
    }

    int length(int i) {
        return end[i] - start[i];
    }

    char charAt(int i, int k) {
        return s.charAt(start[i] + k);
    }

    /** True when the field is {@code -} or empty: AWS's "no value". */
    boolean absent(int i) {
        int len = end[i] - start[i];
        return len == 0 || (len == 1 && s.charAt(start[i]) == '-');
    }

    boolean equals(int i, String v) {
        int len = end[i] - start[i];
        return len == v.length() && s.startsWith(v, start[i]);
    }

    /** The field's value, with quote escapes resolved. */
    String text(int i) {
        if (!escaped[i]) {
            return s.substring(start[i], end[i]);
        }
        StringBuilder b = new StringBuilder(end[i] - start[i]);
        for (int p = start[i]; p < end[i]; p++) {
            char c = s.charAt(p);
            if (c == '\\' && p + 1 < end[i]) {
                char e = s.charAt(p + 1);
                if (e == '"' || e == '\\') {
                    b.append(e);
                    p++;
                    continue;
                }
            }
            b.append(c);
        }
        return b.toString();
    }
}
