package io.siemflink.enrich;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded least-recently-used map for one thread (an {@link Enricher} is thread-confined, so no locking).
 * Values may be a shared "none" sentinel so that misses are cached too.
 */
public final class Lru<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;
    private final int capacity;

    public Lru(int capacity) {
        super(Math.min(capacity, 1 << 16) * 4 / 3 + 1, 0.75f, true);
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
    }
}
