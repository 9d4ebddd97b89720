package io.siemflink.pipeline.sink;

import io.siemflink.parsers.LogType;
import io.siemflink.parsers.event.Timestamp;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Index names from event time, so a replay of a record always lands in the same index as the first time:
 * {@code log-aws-cloudtrail-2024-05-01} (daily, the default), {@code -2024-05} (monthly) or no suffix.
 */
public final class IndexNames implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How much of the date goes into the name. */
    public enum Granularity { DAY, MONTH, NONE }

    public static final String DEAD_LETTER_PREFIX = "siem-deadletter";
    public static final String FINDINGS_PREFIX = "siem-findings";

    private final Granularity granularity;
    private final Map<LogType, String> prefixes;
    private final String deadLetterPrefix;
    private final String findingsPrefix;

    public IndexNames(Granularity granularity, Map<LogType, String> prefixOverrides) {
        this(granularity, prefixOverrides, DEAD_LETTER_PREFIX);
    }

    public IndexNames(Granularity granularity, Map<LogType, String> prefixOverrides, String deadLetterPrefix) {
        this(granularity, prefixOverrides, deadLetterPrefix, FINDINGS_PREFIX);
    }

    public IndexNames(Granularity granularity, Map<LogType, String> prefixOverrides, String deadLetterPrefix,
                      String findingsPrefix) {
        this.granularity = granularity;
        this.deadLetterPrefix = deadLetterPrefix;
        this.findingsPrefix = findingsPrefix;
        this.prefixes = new EnumMap<>(LogType.class);
        for (LogType t : LogType.values()) {
            prefixes.put(t, prefixOverrides.getOrDefault(t, t.indexPrefix()));
        }
    }

    public static IndexNames daily() {
        return new IndexNames(Granularity.DAY, Map.of());
    }

    public static Granularity granularity(String s) {
        try {
            return Granularity.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("index granularity must be day, month or none, was " + s);
        }
    }

    public String deadLetterPrefix() {
        return deadLetterPrefix;
    }

    public String findingsPrefix() {
        return findingsPrefix;
    }

    public String prefix(LogType type) {
        return prefixes.get(type);
    }

    public String events(LogType type, Timestamp time) {
        return name(prefixes.get(type), time);
    }

    public String deadLetters(long epochMillis) {
        return name(deadLetterPrefix, Timestamp.ofEpochMilli(epochMillis));
    }

    public String findings(Timestamp time) {
        return name(findingsPrefix, time);
    }

    private String name(String prefix, Timestamp t) {
        switch (granularity) {
            case NONE:
                return prefix;
            case MONTH:
                return prefix + "-" + t.isoDate().substring(0, 7);
            default:
                return prefix + "-" + t.isoDate();
        }
    }
}
