package io.siemflink.parsers;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as configuration writes them, one grammar for every module's settings: ISO-8601 ({@code PT5M},
 * {@code P1D}) or a whole number with {@code ms}, {@code s}, {@code m}, {@code h} or {@code d} ({@code 500ms},
 * {@code 90s}, {@code 5m}, {@code 1h}, {@code 1d}); case and surrounding blanks are ignored. Whether a value is in
 * range (positive, not too long) is the caller's to say.
 */
public final class Durations {
    private Durations() {
    }

    /**
     * @param key the setting's name, for the message
     * @throws IllegalArgumentException naming the key and the value when the text is no duration
     */
    public static Duration parse(String key, String text) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            int unit = s.endsWith("ms") ? 2 : 1;
            long n = Long.parseLong(s.substring(0, s.length() - unit).strip());
            return switch (s.substring(s.length() - unit)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be a duration such as 500ms, 90s, 5m, 1h, 1d or PT5M, was '"
                    + text + "'");
        }
    }
}
