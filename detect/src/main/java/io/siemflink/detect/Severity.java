package io.siemflink.detect;

import java.util.Locale;

/**
 * Sigma's levels. {@code event.severity} is the level's rank (1-5) so that it sorts and aggregates; the risk
 * score uses the values Elastic's detection engine gives its severities (21/47/73/99), so dashboards that
 * bucket by risk score line up with Elastic's.
 */
public enum Severity {
    INFORMATIONAL(1, 1),
    LOW(2, 21),
    MEDIUM(3, 47),
    HIGH(4, 73),
    CRITICAL(5, 99);

    private final int rank;
    private final int riskScore;

    Severity(int rank, int riskScore) {
        this.rank = rank;
        this.riskScore = riskScore;
    }

    public int rank() {
        return rank;
    }

    public int riskScore() {
        return riskScore;
    }

    /** The lower-case name as Sigma writes it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One level higher, capped at critical: what a correlation of findings raises to. */
    public Severity raised() {
        return this == CRITICAL ? CRITICAL : values()[ordinal() + 1];
    }

    /** Sigma's {@code level} value; null for an unknown level. */
    public static Severity fromLabel(String level) {
        if (level == null) {
            return null;
        }
        for (Severity s : values()) {
            if (s.label().equalsIgnoreCase(level.trim())) {
                return s;
            }
        }
        return null;
    }

    public static Severity max(Severity a, Severity b) {
        return a.rank >= b.rank ? a : b;
    }
}
