package io.siemflink.detect.window;

import io.siemflink.detect.Severity;
import java.time.Duration;
import java.util.List;

/**
 * A detection over a sliding event-time window per entity: which events it looks at ({@link #extractor}), what
 * it measures ({@link Kind}) and when that is enough ({@link #threshold} within {@link #window}).
 *
 * @param unit what the measured number counts, for the finding's message ("failed console logins")
 * @param entityType the finding's {@code finding.entity_type} ({@code ip}, {@code user}, {@code ip_pair}, ...)
 * @param family the log family the rule reads, or {@code correlation}
 */
public record WindowRule(String id, String name, String description, Severity severity, List<String> techniques,
                         List<String> tactics, String family, String entityType, Kind kind, long threshold,
                         Duration window, String unit, SignalExtractor extractor) {

    /** What a window is measured by. */
    public enum Kind {
        /** Number of signals. */
        COUNT,
        /** Number of distinct {@link Signal#value}s. */
        DISTINCT,
        /** Sum of {@link Signal#amount}. */
        SUM,
        /** A success signal after at least {@code threshold} failure signals. */
        FAILURES_THEN_SUCCESS,
        /** Distinct values (log families) among findings; fires again when another family joins. */
        CORRELATION
    }

    public WindowRule {
        if (threshold < 1) {
            throw new IllegalArgumentException("rule " + id + ": threshold must be at least 1, was " + threshold);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("rule " + id + ": window must be positive, was " + window);
        }
    }

    public WindowRule with(long newThreshold, Duration newWindow) {
        return new WindowRule(id, name, description, severity, techniques, tactics, family, entityType, kind,
                newThreshold, newWindow, unit, extractor);
    }
}
