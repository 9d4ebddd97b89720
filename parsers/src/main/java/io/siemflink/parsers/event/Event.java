package io.siemflink.parsers.event;

import io.siemflink.parsers.LogType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One parsed record: a flat, insertion-ordered map from dotted ECS field to value, plus the record's identity.
 *
 * <p>Values are {@link String}, {@link Long}/{@link Integer}, {@link Double}, {@link Boolean},
 * {@link Timestamp}, {@link RawJson}, or a {@link List} of those scalars. A null value is never stored, so
 * "absent" has one representation. {@link EventJson} writes the nested JSON document.
 *
 * <p>Not thread-safe; an event belongs to one thread at a time.
 */
public final class Event {
    public static final Field TIMESTAMP = Field.of("@timestamp");

    private final LogType type;
    private Field[] fields;
    private Object[] values;
    /** fields[i].id, kept alongside so the JSON writer finds the plan for this shape without chasing pointers. */
    private int[] ids;
    private int size;
    /** Hash of ids[0, size), kept up to date as fields are appended (see {@link #shapeHash()}). */
    private int shape = 1;

    private String id;
    private String original;
    private long position = -1;

    /** Room for what enrichment adds (related.*, community_id, geo, as, user agent) without growing the arrays. */
    public static final int ENRICHMENT_HEADROOM = 16;

    public Event(LogType type) {
        this(type, 32);
    }

    public Event(LogType type, int expectedFields) {
        this.type = type;
        this.fields = new Field[expectedFields];
        this.values = new Object[expectedFields];
        this.ids = new int[expectedFields];
    }

    private Event(LogType type, Field[] fields, Object[] values, int[] ids) {
        this.type = type;
        this.fields = fields;
        this.values = values;
        this.ids = ids;
    }

    public LogType type() {
        return type;
    }

    /** Deterministic document id: a replay of the same record yields the same id. */
    public String id() {
        return id;
    }

    public Event id(String id) {
        this.id = id;
        return this;
    }

    /** The raw record text as read (a log line or the JSON of one CloudTrail record), or null. */
    public String original() {
        return original;
    }

    public Event original(String original) {
        this.original = original;
        return this;
    }

    /** Record number within its input (0-based), -1 when unknown. */
    public long position() {
        return position;
    }

    public Event position(long position) {
        this.position = position;
        return this;
    }

    public Timestamp timestamp() {
        Object v = get(TIMESTAMP);
        return v instanceof Timestamp t ? t : null;
    }

    /** Sets a field, replacing a previous value; a null value removes the field. */
    public Event put(Field field, Object value) {
        if (value == null) {
            remove(field);
            return this;
        }
        Field[] fs = fields;
        for (int i = 0; i < size; i++) {
            if (fs[i] == field) {
                values[i] = value;
                return this;
            }
        }
        append(field, value);
        return this;
    }

    /**
     * Appends a field that the caller knows is not set yet, skipping {@link #put}'s scan for it: for parsers
     * that fill a slot table and add each field once, where that scan made building an event quadratic.
     *
     * @param value not null
     */
    public Event add(Field field, Object value) {
        assert value != null && get(field) == null : "add of a null value or of a field already set: " + field;
        append(field, value);
        return this;
    }

    private void append(Field field, Object value) {
        if (size == fields.length) {
            int cap = Math.max(4, size * 2);
            fields = Arrays.copyOf(fields, cap);
            values = Arrays.copyOf(values, cap);
            ids = Arrays.copyOf(ids, cap);
        }
        fields[size] = field;
        values[size] = value;
        ids[size] = field.id;
        size++;
        shape = shape * 31 + field.id;
    }

    public Event put(String field, Object value) {
        return put(Field.of(field), value);
    }

    /** Sets a string field unless the value is null or empty. */
    public Event putNonEmpty(Field field, String value) {
        if (value != null && !value.isEmpty()) {
            put(field, value);
        }
        return this;
    }

    public Object get(Field field) {
        for (int i = 0; i < size; i++) {
            if (fields[i] == field) {
                return values[i];
            }
        }
        return null;
    }

    public Object get(String field) {
        Field f = Field.lookup(field);
        return f == null ? null : get(f);
    }

    public String getString(Field field) {
        Object v = get(field);
        return v == null ? null : v.toString();
    }

    public String getString(String field) {
        Object v = get(field);
        return v == null ? null : v.toString();
    }

    public Long getLong(Field field) {
        return asLong(get(field));
    }

    /** A number value as a Long: the Long itself when it is one (no boxing of a fresh copy), else converted. */
    public static Long asLong(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        return v instanceof Number n ? n.longValue() : null;
    }

    public boolean has(Field field) {
        return get(field) != null;
    }

    public Object remove(Field field) {
        for (int i = 0; i < size; i++) {
            if (fields[i] == field) {
                Object old = values[i];
                System.arraycopy(fields, i + 1, fields, i, size - i - 1);
                System.arraycopy(values, i + 1, values, i, size - i - 1);
                System.arraycopy(ids, i + 1, ids, i, size - i - 1);
                size--;
                fields[size] = null;
                values[size] = null;
                int h = 1;
                for (int k = 0; k < size; k++) {
                    h = h * 31 + ids[k];
                }
                shape = h;
                return old;
            }
        }
        return null;
    }

    /** Appends to a multi-valued field, keeping values distinct (for related.*, event.category and the like). */
    @SuppressWarnings("unchecked")
    public Event addDistinct(Field field, Object value) {
        if (value == null) {
            return this;
        }
        Object cur = get(field);
        if (cur == null) {
            List<Object> l = new ArrayList<>(2);
            l.add(value);
            put(field, l);
        } else if (cur instanceof List<?> l) {
            if (!l.contains(value)) {
                ((List<Object>) l).add(value);
            }
        } else if (!cur.equals(value)) {
            List<Object> l = new ArrayList<>(2);
            l.add(cur);
            l.add(value);
            put(field, l);
        }
        return this;
    }

    public int size() {
        return size;
    }

    /**
     * A copy that shares nothing mutable with this event: the field arrays are copied whole (one pass, where
     * re-adding field by field scanned the copy for each field) and list values are copied; the other values
     * (strings, numbers, timestamps, raw JSON) are immutable and shared. What Flink's copying chain needs per hop.
     */
    public Event copy() {
        int cap = size + ENRICHMENT_HEADROOM;
        Event c = new Event(type, Arrays.copyOf(fields, cap), Arrays.copyOf(values, cap), Arrays.copyOf(ids, cap));
        c.size = size;
        c.shape = shape;
        c.id = id;
        c.original = original;
        c.position = position;
        Object[] vs = c.values;
        for (int i = 0; i < size; i++) {
            if (vs[i] instanceof List<?> l) {
                vs[i] = new ArrayList<>(l);
            }
        }
        return c;
    }

    /**
     * A hash of the field sequence (the event's shape): equal for events that have the same fields added in
     * the same order.
     */
    int shapeHash() {
        return shape;
    }

    /** Field ids in insertion order; {@code [0, size())} is valid. Shared, do not modify. */
    int[] fieldIds() {
        return ids;
    }

    /** The i-th field in insertion order, {@code 0 <= i < size()}: a loop without a lambda per event. */
    public Field fieldAt(int i) {
        return fields[i];
    }

    /** The value of {@link #fieldAt(int)}. */
    public Object valueAt(int i) {
        return values[i];
    }

    public void forEach(BiConsumer<Field, Object> action) {
        for (int i = 0; i < size; i++) {
            action.accept(fields[i], values[i]);
        }
    }

    /** A copy of the fields as a name-ordered map, for tests and debugging. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new java.util.TreeMap<>();
        forEach((f, v) -> m.put(f.name(), v));
        return m;
    }

    @Override
    public String toString() {
        return type + " " + id + " " + toMap();
    }
}
