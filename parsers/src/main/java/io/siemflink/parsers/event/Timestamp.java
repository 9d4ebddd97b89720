package io.siemflink.parsers.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * An instant with nanosecond precision, formatted as ISO-8601 UTC without java.time allocation on the hot
 * path. Written with at least millisecond digits ({@code 2014-07-16T15:49:27.000Z}); finer digits are kept
 * when the source had them.
 */
public final class Timestamp implements Comparable<Timestamp> {
    private final long epochSecond;
    private final int nanos;
    /** The ISO text, formatted once (a benign race: every thread computes the same string). */
    private String iso;

    private Timestamp(long epochSecond, int nanos) {
        this.epochSecond = epochSecond;
        this.nanos = nanos;
    }

    public static Timestamp ofEpochSecond(long epochSecond) {
        return new Timestamp(epochSecond, 0);
    }

    public static Timestamp ofEpochMilli(long millis) {
        return new Timestamp(Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000);
    }

    public static Timestamp of(long epochSecond, int nanos) {
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("nanos out of range: " + nanos);
        }
        return new Timestamp(epochSecond, nanos);
    }

    public long epochSecond() {
        return epochSecond;
    }

    public int nanos() {
        return nanos;
    }

    public long toEpochMilli() {
        return epochSecond * 1000 + nanos / 1_000_000;
    }

    public Instant toInstant() {
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /**
     * Parses {@code YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)}; a fast path covers the UTC forms AWS writes.
     *
     * @throws IllegalArgumentException when the text is not such a timestamp
     */
    public static Timestamp parse(CharSequence s) {
        int n = s.length();
        if (n >= 20 && s.charAt(n - 1) == 'Z' && s.charAt(4) == '-' && s.charAt(7) == '-'
                && (s.charAt(10) == 'T' || s.charAt(10) == ' ') && s.charAt(13) == ':' && s.charAt(16) == ':') {
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 2);
            int day = digits(s, 8, 2);
            int hour = digits(s, 11, 2);
            int min = digits(s, 14, 2);
            int sec = digits(s, 17, 2);
            int nano = 0;
            int end = n - 1;
            if (end > 19) {
                if (s.charAt(19) != '.' || end - 20 > 9 || end == 20) {
                    return slowParse(s);
                }
                int frac = digits(s, 20, end - 20);
                if (frac < 0) {
                    throw new IllegalArgumentException("invalid timestamp '" + s + "'");
                }
                nano = frac * POW10[9 - (end - 20)];
            } else if (end != 19) {
                return slowParse(s);
            }
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour < 24
                    && min >= 0 && min < 60 && sec >= 0 && sec < 61 && nano >= 0
                    && day <= daysInMonth(year, month)) {
                long days = daysFromCivil(year, month, day);
                return new Timestamp(days * 86400L + hour * 3600L + min * 60L + Math.min(sec, 59), nano);
            }
            throw new IllegalArgumentException("invalid timestamp '" + s + "'");
        }
        return slowParse(s);
    }

    private static Timestamp slowParse(CharSequence s) {
        try {
            OffsetDateTime t = OffsetDateTime.parse(s);
            return new Timestamp(t.toEpochSecond(), t.getNano());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid timestamp '" + s + "'");
        }
    }

    private static final int[] POW10 = {1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};

    /** Returns -1 on a non-digit so the range checks reject it. */
    private static int digits(CharSequence s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return Integer.MIN_VALUE;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Days in a month of the proleptic Gregorian calendar. */
    public static int daysInMonth(int y, int m) {
        switch (m) {
            case 2:
                return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
            case 4: case 6: case 9: case 11:
                return 30;
            default:
                return 31;
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar.
    public static long daysFromCivil(long y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    /** Longest ISO form: {@code YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ}. */
    static final int MAX_ISO_LENGTH = 30;

    /**
     * Writes the ISO form as ASCII bytes into {@code b} from {@code p} (room for {@link #MAX_ISO_LENGTH}
     * bytes needed) and returns the end: the JSON writer formats straight into its buffer, with no
     * StringBuilder or String on the way.
     *
     * @throws DateTimeException when the year is outside 0000-9999
     */
    int formatIso(byte[] b, int p) {
        long days = Math.floorDiv(epochSecond, 86400);
        int secs = (int) Math.floorMod(epochSecond, 86400);
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int d = (int) (doy - (153 * mp + 2) / 5 + 1);
        int m = (int) (mp < 10 ? mp + 3 : mp - 9);
        if (m <= 2) {
            y++;
        }
        if (y < 0 || y > 9999) {
            throw new DateTimeException("year out of range: " + y);
        }
        int year = (int) y;
        p = two(b, p, year / 100);
        p = two(b, p, year % 100);
        b[p++] = '-';
        p = two(b, p, m);
        b[p++] = '-';
        p = two(b, p, d);
        b[p++] = 'T';
        p = two(b, p, secs / 3600);
        b[p++] = ':';
        p = two(b, p, secs / 60 % 60);
        b[p++] = ':';
        p = two(b, p, secs % 60);
        b[p++] = '.';
        if (nanos % 1_000_000 == 0) {
            p = digits(b, p, nanos / 1_000_000, 3);
        } else if (nanos % 1000 == 0) {
            p = digits(b, p, nanos / 1000, 6);
        } else {
            p = digits(b, p, nanos, 9);
        }
        b[p++] = 'Z';
        return p;
    }

    private static int two(byte[] b, int p, int v) {
        b[p] = (byte) ('0' + v / 10);
        b[p + 1] = (byte) ('0' + v % 10);
        return p + 2;
    }

    /** {@code v} zero-padded to {@code width} digits. */
    private static int digits(byte[] b, int p, int v, int width) {
        for (int i = p + width - 1; i >= p; i--) {
            b[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return p + width;
    }

    /** The ISO text if {@link #toString()} has made it already, else null. */
    String isoIfFormatted() {
        return iso;
    }

    /** The UTC calendar date as {@code YYYY-MM-DD}, for index names. */
    public String isoDate() {
        return toString().substring(0, 10);
    }

    @Override
    public String toString() {
        String s = iso;
        if (s == null) {
            byte[] b = new byte[MAX_ISO_LENGTH];
            s = new String(b, 0, formatIso(b, 0), java.nio.charset.StandardCharsets.ISO_8859_1);
            iso = s;
        }
        return s;
    }

    @Override
    public int compareTo(Timestamp o) {
        int c = Long.compare(epochSecond, o.epochSecond);
        return c != 0 ? c : Integer.compare(nanos, o.nanos);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Timestamp t && t.epochSecond == epochSecond && t.nanos == nanos;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(epochSecond) * 31 + nanos;
    }
}
