package io.siemflink.parsers.event;

import com.fasterxml.jackson.core.JsonFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes an {@link Event} as a nested JSON document into a {@link JsonBuffer}: fields are sorted segment-wise
 * (once per event shape, see {@link Plan}) and objects are opened and closed as the dotted prefixes change.
 */
public final class EventJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            // Emoji and other non-BMP characters as UTF-8, not as escaped surrogate pairs.
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private EventJson() {
    }

    /** A Jackson factory configured like our writer, for the few places that stream other JSON. */
    public static JsonFactory factory() {
        return FACTORY;
    }

    public static void write(Event e, JsonBuffer out) {
        Plan plan = Plans.of(e);
        byte[] text = plan.text;
        int[] order = plan.order;
        int[] cuts = plan.cuts;
        int n = order.length;
        int from = 0;
        for (int k = 0; k < n; k++) {
            int to = cuts[k];
            out.raw(text, from, to - from);
            writeValue(out, e.valueAt(order[k]));
            from = to;
        }
        out.raw(text, from, text.length - from);
    }

    /**
     * How to write events of one shape (the sequence of fields as added): the fields' sorted order, and the
     * bytes that go between values (commas, names, opening and closing braces). Those depend only on the
     * shape, so the nesting logic and the sort run once per shape instead of once per event, and writing an
     * event is a copy of the fixed bytes interleaved with its values.
     */
    static final class Plan {
        /** Field ids in insertion order: the shape this plan is for. */
        final int[] ids;
        /** order[k]: index (insertion order) of the k-th field in writer order. */
        final int[] order;
        /** All fixed bytes, from the opening brace to the closing one. */
        final byte[] text;
        /** The value of the k-th written field goes at text offset cuts[k]. */
        final int[] cuts;

        Plan(Event e) {
            int n = e.size();
            ids = Arrays.copyOf(e.fieldIds(), n);
            order = sort(e);
            cuts = new int[n];
            JsonBuffer out = new JsonBuffer(64 + 24 * n);
            out.raw((byte) '{');
            String[] open = new String[16];
            int depth = 0;
            boolean first = true;
            for (int k = 0; k < n; k++) {
                Field field = e.fieldAt(order[k]);
                String[] p = field.path();
                byte[][] names = field.jsonNames();
                int leaf = p.length - 1;
                int common = 0;
                while (common < depth && common < leaf && open[common] == p[common]) {
                    common++;
                }
                while (depth > common) {
                    out.raw((byte) '}');
                    depth--;
                }
                while (depth < leaf) {
                    if (!first) {
                        out.raw((byte) ',');
                    }
                    out.raw(names[depth]).raw((byte) '{');
                    first = true;
                    if (depth == open.length) {
                        open = Arrays.copyOf(open, depth * 2);
                    }
                    open[depth] = p[depth];
                    depth++;
                }
                if (!first) {
                    out.raw((byte) ',');
                }
                first = false;
                out.raw(names[leaf]);
                cuts[k] = out.length();
            }
            while (depth-- > 0) {
                out.raw((byte) '}');
            }
            out.raw((byte) '}');
            text = out.toByteArray();
        }

        boolean matches(Event e) {
            int n = ids.length;
            return e.size() == n && Arrays.equals(ids, 0, n, e.fieldIds(), 0, n);
        }

        private static int[] sort(Event e) {
            int n = e.size();
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = 1; i < n; i++) {
                int cur = order[i];
                Field f = e.fieldAt(cur);
                int j = i - 1;
                while (j >= 0 && e.fieldAt(order[j]).compareTo(f) > 0) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = cur;
            }
            return order;
        }
    }

    /**
     * Plans by shape hash, shared by all threads: a parser adds fields in a handful of sequences (ELB samples
     * have about 90), so nearly every event finds its plan. Each hash has two candidate slots, so two busy
     * shapes that collide do not evict each other on every event. Plans are immutable (final fields), so a
     * racy read sees either null or a complete plan; a lost update only costs a rebuild.
     */
    private static final class Plans {
        private static final int SLOTS = 1024;
        private static final Plan[] TABLE = new Plan[SLOTS];

        static Plan of(Event e) {
            int h = e.shapeHash();
            h ^= h >>> 16;
            int a = h & (SLOTS - 1);
            int b = a ^ 1;
            Plan[] t = TABLE;
            Plan p = t[a];
            if (p != null && p.matches(e)) {
                return p;
            }
            Plan q = t[b];
            if (q != null && q.matches(e)) {
                return q;
            }
            Plan fresh = new Plan(e);
            // Fill an empty slot first; otherwise replace the first, so the second keeps an older busy shape.
            if (p != null && q == null) {
                t[b] = fresh;
            } else {
                t[a] = fresh;
            }
            return fresh;
        }
    }

    static void writeValue(JsonBuffer out, Object v) {
        if (v instanceof String s) {
            out.string(s);
        } else if (v instanceof Long l) {
            out.number(l);
        } else if (v instanceof Integer i) {
            out.number(i.longValue());
        } else if (v instanceof Timestamp t) {
            out.timestamp(t);
        } else if (v instanceof List<?> l) {
            out.raw((byte) '[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    out.raw((byte) ',');
                }
                writeValue(out, l.get(i));
            }
            out.raw((byte) ']');
        } else if (v instanceof Double d) {
            out.number(d);
        } else if (v instanceof Boolean b) {
            out.bool(b);
        } else if (v instanceof RawJson r) {
            out.rawJson(r.json());
        } else if (v instanceof Number num) {
            out.number(num.doubleValue());
        } else {
            out.string(String.valueOf(v));
        }
    }

    private static final ThreadLocal<JsonBuffer> BUFFERS = ThreadLocal.withInitial(() -> new JsonBuffer(4096));

    /** The document as UTF-8 JSON bytes. */
    public static byte[] toBytes(Event e) {
        JsonBuffer b = BUFFERS.get();
        b.reset();
        write(e, b);
        return b.toByteArray();
    }

    public static String toJson(Event e) {
        return new String(toBytes(e), StandardCharsets.UTF_8);
    }
}
