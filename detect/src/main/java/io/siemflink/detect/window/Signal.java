package io.siemflink.detect.window;

import java.util.Comparator;

/**
 * What a windowed rule keeps of one event (or, for correlation, of one finding): small, so that keyed state
 * holds signals rather than whole events. A Flink POJO.
 */
public class Signal {
    /** Processing order within one key: event time, then content, so equal inputs always give equal outputs. */
    public static final Comparator<Signal> ORDER = Comparator.<Signal>comparingLong(s -> s.time)
            .thenComparing(s -> s.ref, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(s -> s.value, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingLong(s -> s.amount)
            .thenComparing(s -> s.success)
            .thenComparingInt(s -> s.flags);

    /** The windowed rule this signal feeds. */
    public String rule;
    /** The entity the rule counts for (an IP address, a user, a source/destination pair ...). */
    public String key;
    /** Event time, epoch millis. */
    public long time;
    /** The contributing event's id, or the contributing finding's id for a correlation. */
    public String ref;
    /** What a distinct count counts (port, user, path, log family); may be null. */
    public String value;
    /** What a sum adds up (bytes). */
    public long amount;
    /** For sequence rules: the event that completes the sequence (a successful login). */
    public boolean success;
    /** Context carried into the finding. */
    public String ip;
    public String user;
    public String account;
    /** For correlation: the contributing finding's severity name. */
    public String severity;
    /**
     * Later signals folded into this one by a count or sum window that holds too many to keep one by one (their
     * amounts are in {@link #amount}); see {@link KeyWindow#addFolding}.
     */
    public long merged;
    /** For a {@link SignalGroup}'s signal: the {@link SignalGroup.Member#flag}s of the rules it counts for. */
    public int flags;

    public Signal() {
    }

    public Signal(String rule, String key, long time, String ref) {
        this.rule = rule;
        this.key = key;
        this.time = time;
        this.ref = ref;
    }

    /** The key Flink partitions by: one state per rule and entity. */
    public String partitionKey() {
        return rule + '\u0000' + key;
    }

    @Override
    public String toString() {
        return "Signal[" + rule + " " + key + " @" + time + " " + value + " " + amount + (success ? " success" : "") + "]";
    }
}
