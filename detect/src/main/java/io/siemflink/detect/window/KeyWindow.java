package io.siemflink.detect.window;

import java.util.HashMap;
import java.util.Map;

/**
 * The state of one rule for one entity: the signals inside the window, oldest first, in a ring buffer, and
 * when the rule last fired. A Flink POJO (arrays, no collections) so it is checkpointed without Kryo; the
 * distinct-value counts are derived and rebuilt after a restore.
 */
public class KeyWindow implements EntityState {
    public Signal[] entries = new Signal[8];
    public int head;
    public int size;
    /** Signals dropped because the window was full (capped per entity to bound memory). */
    public long evicted;
    /** No new finding until event time passes this (one finding per window while a condition holds). */
    public long suppressUntil = Long.MIN_VALUE;
    /** For correlations: how many families the last finding joined. */
    public int firedDistinct;
    /** Latest signal time seen (kept by the evaluator, signals not held included), to know when to drop the state. */
    public long lastTime = Long.MIN_VALUE;
    /** For a part of a {@link GroupWindow}: the member rule and the key it counts for; null otherwise. */
    public String rule;
    public String key;

    /** Up to this many signals, distinct values are counted by comparing them: no map per window. */
    static final int SMALL = 16;

    private transient Map<String, Integer> distinct;
    private transient long sum = -1;
    /** Signals held, folded ones included; -1 until asked for. */
    private transient long weight = -1;

    public KeyWindow() {
    }

    @Override
    public long lastTime() {
        return lastTime;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int size() {
        return size;
    }

    public Signal get(int i) {
        return entries[slot(i)];
    }

    /** The array index of the i-th signal: a compare instead of a division (the capacity need not be a power of two). */
    private int slot(int i) {
        int j = head + i;
        return j < entries.length ? j : j - entries.length;
    }

    /** Appends a signal; drops the oldest when {@code maxEntries} are held. */
    public void add(Signal s, int maxEntries) {
        if (size == maxEntries) {
            evicted += 1 + entries[head].merged;
            removeOldest();
        }
        if (size == entries.length) {
            Signal[] grown = new Signal[Math.min(Math.max(8, entries.length * 2), Math.max(maxEntries, 8))];
            for (int i = 0; i < size; i++) {
                grown[i] = get(i);
            }
            entries = grown;
            head = 0;
        }
        entries[slot(size)] = s;
        size++;
        if (distinct != null && s.value != null) {
            distinct.merge(s.value, 1, Integer::sum);
        }
        if (sum >= 0) {
            sum += s.amount;
        }
        if (weight >= 0) {
            weight += 1 + s.merged;
        }
    }

    /**
     * {@link #add} for count and sum windows, which need the number and the amounts of the signals rather than
     * each signal: once half of {@code maxEntries} are held, a signal less than {@code foldMillis} after the newest
     * entry is folded into it (amount added, {@link Signal#merged} counted) instead of being kept on its own. Later
     * entries are then at least {@code foldMillis} apart, so with {@code foldMillis >= window / (maxEntries / 4)}
     * the window never reaches {@code maxEntries} and nothing is evicted: counts and sums stay exact for an entity
     * of any rate (a NAT gateway's egress), where dropping the oldest signals made them too small. The price: a
     * folded signal leaves the window with its entry, at most {@code foldMillis} early. That holds for signals in
     * time order, as the operator and the batch runner replay them; a late signal (behind the watermark, evaluated
     * at once) may be folded into a newer entry and stay counted until that one leaves, and a run of late signals
     * can fill the window, which then drops its oldest entries as {@link #add} does (counted in {@link #evicted}).
     */
    public void addFolding(Signal s, int maxEntries, long foldMillis) {
        if (size >= maxEntries / 2) {
            Signal newest = get(size - 1);
            if (s.time - newest.time < foldMillis) {
                long n = 1 + s.merged;
                newest.merged += n;
                newest.amount += s.amount;
                if (sum >= 0) {
                    sum += s.amount;
                }
                if (weight >= 0) {
                    weight += n;
                }
                return;
            }
        }
        add(s, maxEntries);
    }

    /** Signals held, folded ones included: the measure of a count window. */
    public long weight() {
        if (weight < 0) {
            long t = 0;
            for (int i = 0; i < size; i++) {
                t += 1 + get(i).merged;
            }
            weight = t;
        }
        return weight;
    }

    /** Drops signals older than {@code minTime}. */
    public void expire(long minTime) {
        while (size > 0 && get(0).time < minTime) {
            removeOldest();
        }
    }

    private void removeOldest() {
        Signal old = entries[head];
        entries[head] = null;
        head = head + 1 == entries.length ? 0 : head + 1;
        size--;
        if (distinct != null && old.value != null) {
            distinct.computeIfPresent(old.value, (k, n) -> n == 1 ? null : n - 1);
        }
        if (sum >= 0) {
            sum -= old.amount;
        }
        if (weight >= 0) {
            weight -= 1 + old.merged;
        }
    }

    public int distinctValues() {
        if (distinct == null && size <= SMALL) {
            // most entities have a handful of signals: compare them pairwise rather than build a map
            int n = 0;
            for (int i = 0; i < size; i++) {
                String v = get(i).value;
                if (v == null) {
                    continue;
                }
                boolean seen = false;
                for (int j = 0; j < i && !seen; j++) {
                    seen = v.equals(get(j).value);
                }
                n += seen ? 0 : 1;
            }
            return n;
        }
        if (distinct == null) {
            distinct = new HashMap<>();
            for (int i = 0; i < size; i++) {
                String v = get(i).value;
                if (v != null) {
                    distinct.merge(v, 1, Integer::sum);
                }
            }
        }
        return distinct.size();
    }

    public long sum() {
        if (sum < 0) {
            long t = 0;
            for (int i = 0; i < size; i++) {
                t += get(i).amount;
            }
            sum = t;
        }
        return sum;
    }
}
