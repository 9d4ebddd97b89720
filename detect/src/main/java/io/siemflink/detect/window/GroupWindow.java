package io.siemflink.detect.window;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The keyed state of one entity of a {@link SignalGroup}: one {@link KeyWindow} per member rule and member key
 * (the "parts"; a port scan's part per destination host, a host sweep's per port, the rejected burst's one).
 * Parts whose rule window has passed since their last signal are dropped as new ones come, so the state holds
 * what the windows hold. A Flink POJO (an array of parts, no collections); the part index is derived.
 */
public class GroupWindow implements EntityState {
    public KeyWindow[] parts = new KeyWindow[4];
    public int size;
    /** Latest signal time seen, to know when to drop the whole state. */
    public long lastTime = Long.MIN_VALUE;
    /** Parts held when the next sweep for passed parts runs: double the live ones, so sweeping costs O(1) per part. */
    public int sweepAt = SMALL;
    /** Event time of the next sweep whatever the number of parts: after a burst of parts, the state shrinks too. */
    public long sweepAfter = Long.MIN_VALUE;

    /** Up to this many parts, a part is found by comparing keys: no map for the entities with a few parts. */
    static final int SMALL = 8;

    private transient Map<String, KeyWindow> index;

    public GroupWindow() {
    }

    @Override
    public long lastTime() {
        return lastTime;
    }

    public int size() {
        return size;
    }

    /** The part of {@code rule} for {@code key}, made when missing. */
    public KeyWindow part(String rule, String key) {
        KeyWindow w = find(key);
        if (w == null) {
            w = new KeyWindow();
            w.rule = rule;
            w.key = key;
            if (size == parts.length) {
                parts = Arrays.copyOf(parts, size * 2);
            }
            parts[size++] = w;
            if (index != null) {
                index.put(key, w);
            }
        }
        return w;
    }

    /** Whether {@link #sweep} is due at event time {@code now}. */
    boolean sweepDue(long now) {
        return size >= sweepAt || now >= sweepAfter;
    }

    KeyWindow find(String key) {
        if (index == null) {
            if (size <= SMALL) {
                for (int i = 0; i < size; i++) {
                    if (parts[i].key.equals(key)) {
                        return parts[i];
                    }
                }
                return null;
            }
            index = new HashMap<>(size * 2);
            for (int i = 0; i < size; i++) {
                index.put(parts[i].key, parts[i]);
            }
        }
        return index.get(key);
    }

    /**
     * Drops the parts that can no longer matter at event time {@code now}: their last signal is a whole rule window
     * old, so they hold no signal inside it and their suppression has ended. Runs when the parts have doubled, and
     * once per {@code period} of event time (the longest member window).
     */
    void sweep(long now, ToLongFunction<String> windowMillis, long period) {
        sweepAfter = now + period;
        int kept = 0;
        for (int i = 0; i < size; i++) {
            KeyWindow w = parts[i];
            if (w.lastTime + windowMillis.applyAsLong(w.rule) >= now) {
                parts[kept++] = w;
            } else if (index != null) {
                index.remove(w.key);
            }
        }
        Arrays.fill(parts, kept, size, null);
        size = kept;
        sweepAt = Math.max(SMALL, 2 * kept);
        if (parts.length > 4 * sweepAt) { // after a burst of parts: give the array back, it is written with the state
            parts = Arrays.copyOf(parts, 2 * sweepAt);
        }
    }
}
