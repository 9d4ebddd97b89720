package io.siemflink.parsers.event;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A dotted ECS field name, interned so that events compare fields by identity and the JSON writer
 * reuses the pre-split path. Create constants with {@link #of(String)}.
 */
public final class Field implements Comparable<Field> {
    private static final ConcurrentHashMap<String, Field> REGISTRY = new ConcurrentHashMap<>();
    private static final java.util.concurrent.atomic.AtomicInteger IDS = new java.util.concurrent.atomic.AtomicInteger();

    private final String name;
    /** Unique per field, for cheap shape hashing in the writer. */
    final int id = IDS.incrementAndGet();
    private final String[] path;
    /** Path segments pre-encoded as {@code "name":} in UTF-8: the writer copies bytes instead of escaping. */
    private final byte[][] jsonNames;

    private Field(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            throw new IllegalArgumentException("bad field name '" + name + "'");
        }
        this.name = name;
        String[] parts = name.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].intern();
        }
        this.path = parts;
        this.jsonNames = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            JsonBuffer b = new JsonBuffer(parts[i].length() + 8);
            b.string(parts[i]).raw((byte) ':');
            jsonNames[i] = b.toByteArray();
        }
    }

    public static Field of(String name) {
        Field f = REGISTRY.get(name);
        return f != null ? f : REGISTRY.computeIfAbsent(name, Field::new);
    }

    /** The field if it was ever created, else null (lookups must not grow the registry). */
    public static Field lookup(String name) {
        return REGISTRY.get(name);
    }

    public String name() {
        return name;
    }

    /** A small positive number unique to this field (fields are numbered as they are first created). */
    public int id() {
        return id;
    }

    /** Path segments; shared, do not modify. */
    String[] path() {
        return path;
    }

    byte[][] jsonNames() {
        return jsonNames;
    }

    /**
     * Segment-wise order, so that all fields below one object are contiguous when sorted
     * ({@code a.b} before {@code a-c}, unlike plain string order).
     */
    @Override
    public int compareTo(Field o) {
        if (this == o) {
            return 0;
        }
        String[] a = path;
        String[] b = o.path;
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) { // segments are interned: equal ones are the same instance
                int c = a[i].compareTo(b[i]);
                if (c != 0) {
                    return c;
                }
            }
        }
        return Integer.compare(a.length, b.length);
    }

    @Override
    public String toString() {
        return name;
    }
}
