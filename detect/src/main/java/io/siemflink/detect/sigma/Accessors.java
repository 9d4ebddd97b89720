package io.siemflink.detect.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import io.siemflink.parsers.event.Ecs;
import io.siemflink.parsers.event.Field;
import java.util.ArrayList;
import java.util.List;

/** The kinds of {@link Accessor} the field mapping can name. */
final class Accessors {
    private Accessors() {
    }

    /** A field of the parsed event. */
    static Accessor field(String name) {
        Field f = Field.of(name);
        return new Accessor() {
            @Override
            public Object get(EvalContext ctx) {
                return ctx.event().get(f);
            }

            @Override
            public Field field() {
                return f;
            }

            @Override
            public String describe() {
                return name;
            }
        };
    }

    /** A field the family never has. */
    static Accessor absent(String sigmaName) {
        return new Accessor() {
            @Override
            public Object get(EvalContext ctx) {
                return null;
            }

            @Override
            public String describe() {
                return sigmaName + " (absent)";
            }
        };
    }

    /** The raw record's JSON at a dotted path. */
    static Accessor raw(String path) {
        String[] segments = path.split("\\.");
        return new Accessor() {
            @Override
            public Object get(EvalContext ctx) {
                return values(ctx.rawRecord(), segments, 0);
            }

            @Override
            public String describe() {
                return "record " + path;
            }
        };
    }

    /**
     * {@code below} inside the JSON object in {@code field} (the parser's flattened parameters); when the event
     * has no such field (parameters too long to keep as an object), inside the raw record at {@code rawPath}.
     */
    static Accessor json(String field, String below, String rawPath) {
        Field f = Field.of(field);
        String[] segments = below.split("\\.");
        String[] rawSegments = rawPath.split("\\.");
        return new Accessor() {
            @Override
            public Object get(EvalContext ctx) {
                if (ctx.event().has(f)) {
                    return values(ctx.json(f), segments, 0);
                }
                return values(ctx.rawRecord(), rawSegments, 0);
            }

            @Override
            public String describe() {
                return field + " " + below;
            }
        };
    }

    /** The record text for keyword searches: {@code Event.original()}, else event.original, else message. */
    static final Accessor KEYWORDS = new Accessor() {
        private final Field message = Field.of("message");

        @Override
        public Object get(EvalContext ctx) {
            String o = ctx.event().original();
            if (o != null) {
                return o;
            }
            Object v = ctx.event().get(Ecs.EVENT_ORIGINAL);
            return v != null ? v : ctx.event().get(message);
        }

        @Override
        public String describe() {
            return "the record text";
        }
    };

    /** Values at a path; arrays on the way are walked (any element), as a search engine flattens them. */
    static Object values(JsonNode node, String[] path, int from) {
        if (node == null) {
            return null;
        }
        List<Object> out = new ArrayList<>(1);
        collect(node, path, from, out);
        return out.isEmpty() ? null : out.size() == 1 ? out.get(0) : out;
    }

    private static void collect(JsonNode node, String[] path, int i, List<Object> out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isArray()) {
            for (JsonNode e : node) {
                collect(e, path, i, out);
            }
            return;
        }
        if (i == path.length) {
            out.add(scalar(node));
            return;
        }
        if (node.isObject()) {
            collect(node.get(path[i]), path, i + 1, out);
        }
    }

    private static Object scalar(JsonNode n) {
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isIntegralNumber()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        return n.toString(); // an object at the end of the path: its JSON text
    }
}
