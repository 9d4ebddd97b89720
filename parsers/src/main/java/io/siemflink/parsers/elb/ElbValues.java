package io.siemflink.parsers.elb;

import io.siemflink.parsers.event.Timestamp;

/**
 * Hand-written value parsers over a range of a String: no substrings, regex or java.time on the hot path.
 * Each returns a sentinel (null, NaN, {@link #BAD}) instead of throwing, so callers decide what a bad value means.
 */
final class ElbValues {
    static final long BAD = Long.MIN_VALUE;

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18};
    private static final int[] NANO_SCALE = {1_000_000_000, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000,
        1000, 100, 10, 1};

    private ElbValues() {
    }

    /** A decimal integer with an optional minus sign, or {@link #BAD}. */
    static long parseLong(String s, int from, int to) {
        int p = from;
        boolean neg = false;
        if (p < to && s.charAt(p) == '-') {
            neg = true;
            p++;
        }
        int digits = to - p;
        if (digits <= 0 || digits > 18) {
            return BAD;
        }
        long v = 0;
        for (; p < to; p++) {
            int d = s.charAt(p) - '0';
            if (d < 0 || d > 9) {
                return BAD;
            }
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }

    /**
     * A decimal number ({@code 0.000043}, {@code -1}, {@code 4.036}) or NaN. With at most 18 significant digits
     * the result is the correctly rounded double, the same as {@link Double#parseDouble}, since mantissa and
     * power of ten are both exact doubles and one division rounds once.
     */
    static double parseDecimal(String s, int from, int to) {
        int p = from;
        boolean neg = false;
        if (p < to && s.charAt(p) == '-') {
            neg = true;
            p++;
        }
        long mant = 0;
        int digits = 0;
        int scale = 0;
        boolean dot = false;
        for (; p < to; p++) {
            char c = s.charAt(p);
            if (c == '.') {
                if (dot) {
                    return Double.NaN;
                }
                dot = true;
                continue;
            }
            int d = c - '0';
            if (d < 0 || d > 9) {
                return Double.NaN;
            }
            if (++digits > 18) {
                return slowDecimal(s, from, to);
            }
            mant = mant * 10 + d;
            if (dot) {
                scale++;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        double v = mant / POW10[scale];
        return neg ? -v : v;
    }

    private static double slowDecimal(String s, int from, int to) {
        try {
            return Double.parseDouble(s.substring(from, to));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * {@code YYYY-MM-DDTHH:MM:SS[.fraction][Z]} as UTC (NLB writes no zone and no fraction; ALB writes
     * microseconds and Z), or null. Fraction digits beyond nanoseconds are ignored.
     */
    static Timestamp parseTime(String s, int from, int to) {
        if (to - from < 19 || s.charAt(from + 4) != '-' || s.charAt(from + 7) != '-' || s.charAt(from + 10) != 'T'
                || s.charAt(from + 13) != ':' || s.charAt(from + 16) != ':') {
            return null;
        }
        int year = digits(s, from, 4);
        int month = digits(s, from + 5, 2);
        int day = digits(s, from + 8, 2);
        int hour = digits(s, from + 11, 2);
        int min = digits(s, from + 14, 2);
        int sec = digits(s, from + 17, 2);
        int p = from + 19;
        int nanos = 0;
        if (p < to && s.charAt(p) == '.') {
            p++;
            int n = 0;
            int frac = 0;
            while (p < to) {
                int d = s.charAt(p) - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                if (n < 9) {
                    frac = frac * 10 + d;
                }
                n++;
                p++;
            }
            if (n == 0) {
                return null;
            }
            nanos = frac * NANO_SCALE[Math.min(n, 9)];
        }
        if (p < to && s.charAt(p) == 'Z') {
            p++;
        }
        if (p != to || year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 || day > Timestamp.daysInMonth(year, month)
                || hour < 0 || hour > 23 || min < 0 || min > 59 || sec < 0 || sec > 60) {
            return null;
        }
        long days = Timestamp.daysFromCivil(year, month, day);
        return Timestamp.of(days * 86400L + hour * 3600L + min * 60L + Math.min(sec, 59), nanos);
    }

    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1_000_000;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** Index of the last {@code c} in {@code [from, to)}, or -1. */
    static int lastIndexOf(String s, char c, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    static int indexOf(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
