package io.siemflink.parsers.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes an {@link Event} as a nested JSON document with a streaming generator: fields are sorted
 * segment-wise (an insertion sort, linear for the nearly sorted order parsers add fields in) and objects are
 * opened and closed as the dotted prefixes change.
 */
public final class EventJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            // Emoji and other non-BMP characters as UTF-8, not as escaped surrogate pairs.
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private EventJson() {
    }

    public static JsonFactory factory() {
        return FACTORY;
    }

    public static void write(Event e, JsonGenerator g) throws IOException {
        int n = e.size();
        int[] order = ORDERS.get().orderOf(e);
        g.writeStartObject();
        String[] open = new String[16];
        int depth = 0;
        for (int k = 0; k < n; k++) {
            int idx = order[k];
            Field field = e.fieldAt(idx);
            String[] p = field.path();
            com.fasterxml.jackson.core.SerializableString[] names = field.jsonNames();
            int leaf = p.length - 1;
            int common = 0;
            while (common < depth && common < leaf && open[common] == p[common]) {
                common++;
            }
            while (depth > common) {
                g.writeEndObject();
                depth--;
            }
            while (depth < leaf) {
                g.writeFieldName(names[depth]);
                g.writeStartObject();
                if (depth == open.length) {
                    open = java.util.Arrays.copyOf(open, depth * 2);
                }
                open[depth] = p[depth];
                depth++;
            }
            g.writeFieldName(names[leaf]);
            writeValue(g, e.valueAt(idx));
        }
        while (depth-- > 0) {
            g.writeEndObject();
        }
        g.writeEndObject();
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

    static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Timestamp t) {
            g.writeString(t.toString());
        } else if (v instanceof RawJson r) {
            g.writeRawValue(r.json());
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                writeValue(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Number num) {
            g.writeNumber(num.toString());
        } else {
            g.writeString(String.valueOf(v));
        }
    }

    /** A generator and its buffer, kept per thread: creating a generator per document costs more than writing it. */
    private static final class Reusable {
        final ByteArrayBuilder buf = new ByteArrayBuilder(4096);
        final JsonGenerator g;

        Reusable() {
            try {
                g = FACTORY.createGenerator(buf);
                g.setRootValueSeparator(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final ThreadLocal<Reusable> REUSABLE = ThreadLocal.withInitial(Reusable::new);

    /** The document as UTF-8 JSON bytes. */
    public static byte[] toBytes(Event e) {
        Reusable r = REUSABLE.get();
        try {
            write(e, r.g);
            r.g.flush();
            return r.buf.toByteArray();
        } catch (IOException | RuntimeException ex) {
            REUSABLE.remove(); // the generator may be mid-document: never reuse it
            if (ex instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) ex;
        } finally {
            r.buf.reset();
        }
    }

    public static String toJson(Event e) {
        return new String(toBytes(e), java.nio.charset.StandardCharsets.UTF_8);
    }
}
