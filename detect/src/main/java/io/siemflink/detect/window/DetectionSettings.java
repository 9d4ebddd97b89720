package io.siemflink.detect.window;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thresholds and windows of the built-in rules, set per rule ({@code detect.rule.<id>.threshold|window|enabled});
 * defaults and where they come from are in {@link BuiltinRules}. Serializable: it travels in the job graph.
 *
 * @param maxSignalsPerEntity cap on the signals one rule keeps for one entity (bounds state: distinct counts drop
 *                            the oldest, counts and sums fold close signals together, see KeyWindow#addFolding)
 * @param outOfOrderness how far event time may run backwards before signals count as late
 */
public record DetectionSettings(Map<String, RuleOverride> overrides, int maxSignalsPerEntity, Duration outOfOrderness)
        implements Serializable {

    /** A rule's settings as configured; null members keep the default. */
    public record RuleOverride(Long threshold, Duration window, Boolean enabled) implements Serializable {
    }

    public static final int DEFAULT_MAX_SIGNALS = 10_000;
    public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofMinutes(15);

    public DetectionSettings {
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
        if (maxSignalsPerEntity < 16) {
            throw new IllegalArgumentException("detect.max-signals-per-entity must be at least 16, was " + maxSignalsPerEntity);
        }
        if (outOfOrderness.isNegative()) {
            throw new IllegalArgumentException("detect.out-of-orderness must not be negative");
        }
    }

    public static DetectionSettings defaults() {
        return new DetectionSettings(Map.of(), DEFAULT_MAX_SIGNALS, DEFAULT_OUT_OF_ORDERNESS);
    }

    /**
     * Reads {@code detect.rule.<id>.threshold}, {@code .window} (ISO-8601 or {@code 90s}/{@code 5m}/{@code 1h}),
     * {@code .enabled}, {@code detect.max-signals-per-entity} and {@code detect.out-of-orderness}.
     *
     * @throws IllegalArgumentException naming the key, for an unknown rule id or a bad value
     */
    public static DetectionSettings fromProperties(Map<String, String> props) {
        Map<String, RuleOverride> overrides = new LinkedHashMap<>();
        int max = DEFAULT_MAX_SIGNALS;
        Duration ooo = DEFAULT_OUT_OF_ORDERNESS;
        for (Map.Entry<String, String> e : props.entrySet()) {
            String k = e.getKey();
            String v = e.getValue().trim();
            if (k.equals("detect.max-signals-per-entity")) {
                max = parseInt(k, v);
            } else if (k.equals("detect.out-of-orderness")) {
                ooo = duration(k, v);
            } else if (k.startsWith("detect.rule.")) {
                String rest = k.substring("detect.rule.".length());
                int dot = rest.lastIndexOf('.');
                if (dot <= 0) {
                    throw new IllegalArgumentException(k + ": expected detect.rule.<id>.threshold|window|enabled");
                }
                String id = rest.substring(0, dot);
                if (!BuiltinRules.ids().contains(id)) {
                    throw new IllegalArgumentException(k + ": no built-in rule '" + id + "'; rules: " + BuiltinRules.ids());
                }
                RuleOverride o = overrides.getOrDefault(id, new RuleOverride(null, null, null));
                o = switch (rest.substring(dot + 1)) {
                    case "threshold" -> new RuleOverride((long) parseInt(k, v), o.window(), o.enabled());
                    case "window" -> new RuleOverride(o.threshold(), duration(k, v), o.enabled());
                    case "enabled" -> new RuleOverride(o.threshold(), o.window(), bool(k, v));
                    default -> throw new IllegalArgumentException(k + ": expected threshold, window or enabled");
                };
                overrides.put(id, o);
            }
        }
        return new DetectionSettings(overrides, max, ooo);
    }

    private static int parseInt(String k, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new IllegalArgumentException(k + " must be a positive number, was '" + v + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(k + " must be a positive number, was '" + v + "'");
        }
    }

    private static boolean bool(String k, String v) {
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException(k + " must be true or false, was '" + v + "'");
    }

    private static Duration duration(String k, String v) {
        return io.siemflink.parsers.Durations.parse(k, v);
    }
}
