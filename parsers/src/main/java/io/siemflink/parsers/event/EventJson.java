package io.siemflink.parsers.event;

import com.fasterxml.jackson.core.JsonFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes an {@link Event} as a nested JSON document into a {@link JsonBuffer}: fields are sorted segment-wise
 * (once per event shape, see {@link OrderCache}) and objects are opened and closed as the dotted prefixes change.
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
        int n = e.size();
        int[] order = ORDERS.get().orderOf(e);
        out.raw((byte) '{');
        String[] open = new String[16];
        int depth = 0;
        boolean first = true;
        for (int k = 0; k < n; k++) {
            int idx = order[k];
            Field field = e.fieldAt(idx);
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
                    open = java.util.Arrays.copyOf(open, depth * 2);
                }
                open[depth] = p[depth];
                depth++;
            }
            if (!first) {
                out.raw((byte) ',');
            }
            first = false;
            out.raw(names[leaf]);
            writeValue(out, e.valueAt(idx));
        }
        while (depth-- > 0) {
            out.raw((byte) '}');
        }
        out.raw((byte) '}');
    }

    /**
     * Sorted field orders by event shape (the sequence of fields as added). A parser adds fields in a handful of
     * sequences, so sorting happens once per shape instead of once per event.
     */
    private static final class OrderCache {
        private static final int SLOTS = 256;
        private final int[][] shapes = new int[SLOTS][];
        private final int[][] orders = new int[SLOTS][];

        int[] orderOf(Event e) {
            int n = e.size();
            int h = n;
            for (int i = 0; i < n; i++) {
                h = h * 31 + e.fieldAt(i).id;
            }
            int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
            int[] shape = shapes[slot];
            if (shape != null && shape.length == n) {
                boolean same = true;
                for (int i = 0; i < n && same; i++) {
                    same = shape[i] == e.fieldAt(i).id;
                }
                if (same) {
                    return orders[slot];
                }
            }
            int[] order = sort(e);
            int[] ids = new int[n];
            for (int i = 0; i < n; i++) {
                ids[i] = e.fieldAt(i).id;
            }
            shapes[slot] = ids;
            orders[slot] = order;
            return order;
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

    private static final ThreadLocal<OrderCache> ORDERS = ThreadLocal.withInitial(OrderCache::new);

    static void writeValue(JsonBuffer out, Object v) {
        if (v instanceof String s) {
            out.string(s);
        } else if (v instanceof Long l) {
            out.number(l);
        } else if (v instanceof Integer i) {
            out.number(i.longValue());
        } else if (v instanceof Timestamp t) {
            out.string(t.toString());
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
