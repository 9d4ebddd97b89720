package io.siemflink.enrich.intel;

import java.util.Locale;

/**
 * ECS {@code threat.indicator.confidence} values ({@code None}, {@code Low}, {@code Medium}, {@code High},
 * {@code Not Specified}) from words or a STIX 0-100 number (STIX's None/Low/Med/High scale: 0, 1-29, 30-69, 70-100).
 */
final class Confidence {
    private Confidence() {
    }

    static String of(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String s = raw.strip();
        try {
            return of(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "none" -> "None";
                case "low" -> "Low";
                case "med", "medium" -> "Medium";
                case "high" -> "High";
                default -> "Not Specified";
            };
        }
    }

    static String of(int stix) {
        if (stix < 0 || stix > 100) {
            return "Not Specified";
        }
        return stix == 0 ? "None" : stix < 30 ? "Low" : stix < 70 ? "Medium" : "High";
    }
}
