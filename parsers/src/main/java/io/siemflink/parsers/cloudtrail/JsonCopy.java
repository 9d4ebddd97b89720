package io.siemflink.parsers.cloudtrail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Re-writes one JSON value from a streaming parser as compact JSON text, dropping nulls, empty strings and the
 * objects and arrays that become empty (what Elastic's pipeline drops before it stores CloudTrail parameters).
 * On the way it can pick out a few string values by path ({@link Capture}), so that e.g.
 * {@code requestParameters.userName} is available without a second parse.
 */
final class JsonCopy {
    private JsonCopy() {
    }

    /** A tree of paths to capture: a leaf names the slot the string value goes to. */
    static final class Capture {
        final int slot;
        final Map<String, Capture> children = new HashMap<>();

        Capture(int slot) {
            this.slot = slot;
        }

        static Capture root() {
            return new Capture(-1);
        }

        /** Adds a dotted path (below this node) whose string value goes to {@code slot}. */
        Capture add(String path, int slot) {
            Capture node = this;
            String[] parts = path.split("\\.");
            for (int i = 0; i < parts.length; i++) {
                int s = i == parts.length - 1 ? slot : -1;
                node = node.children.computeIfAbsent(parts[i], k -> new Capture(s));
            }
            return this;
        }
    }

    /** The most chars a copy may reach, and what to throw past it (the copy is bounded by the record cap). */
    record Budget(int maxChars, java.util.function.Supplier<IOException> exceeded) {
        void check(StringBuilder out) throws IOException {
            if (out.length() > maxChars) {
                throw exceeded.get();
            }
        }
    }

    /**
     * Copies the value at the parser's current token (consuming it entirely) into {@code out}.
     *
     * @return false, with nothing written, when the value is null or empty
     */
    static boolean copy(JsonParser p, StringBuilder out, Capture capture, String[] slots, Budget budget) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return false;
        }
        switch (t) {
            case START_OBJECT: {
                int mark = out.length();
                out.append('{');
                boolean any = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    int fieldMark = out.length();
                    if (any) {
                        out.append(',');
                    }
                    appendQuoted(out, name);
                    out.append(':');
                    budget.check(out);
                    JsonToken v = p.nextToken();
                    Capture child = capture == null ? null : capture.children.get(name);
                    if (child != null && child.slot >= 0 && v == JsonToken.VALUE_STRING && p.getTextLength() > 0) {
                        slots[child.slot] = p.getText();
                    }
                    if (copy(p, out, child, slots, budget)) {
                        any = true;
                    } else {
                        out.setLength(fieldMark);
                    }
                }
                if (!any) {
                    out.setLength(mark);
                    return false;
                }
                out.append('}');
                return true;
            }
            case START_ARRAY: {
                int mark = out.length();
                out.append('[');
                boolean any = false;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    int elemMark = out.length();
                    if (any) {
                        out.append(',');
                    }
                    if (copy(p, out, null, slots, budget)) {
                        any = true;
                    } else {
                        out.setLength(elemMark);
                    }
                }
                if (!any) {
                    out.setLength(mark);
                    return false;
                }
                out.append(']');
                return true;
            }
            case VALUE_STRING: {
                int len = p.getTextLength();
                if (len == 0) {
                    return false;
                }
                appendQuoted(out, p.getTextCharacters(), p.getTextOffset(), len);
                budget.check(out);
                return true;
            }
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                out.append(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                return true;
            case VALUE_TRUE:
                out.append("true");
                return true;
            case VALUE_FALSE:
                out.append("false");
                return true;
            default:
                // VALUE_NULL (and anything unexpected): absent
                p.skipChildren();
                return false;
        }
    }

    static void appendQuoted(StringBuilder out, String s) {
        out.append('"');
        int n = s.length();
        int run = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (needsEscape(c)) {
                out.append(s, run, i);
                escape(out, c, i > 0 ? s.charAt(i - 1) : 0, i + 1 < n ? s.charAt(i + 1) : 0);
                run = i + 1;
            }
        }
        out.append(s, run, n).append('"');
    }

    static void appendQuoted(StringBuilder out, char[] buf, int off, int len) {
        out.append('"');
        int end = off + len;
        int run = off;
        for (int i = off; i < end; i++) {
            char c = buf[i];
            if (needsEscape(c)) {
                out.append(buf, run, i - run);
                escape(out, c, i > off ? buf[i - 1] : 0, i + 1 < end ? buf[i + 1] : 0);
                run = i + 1;
            }
        }
        out.append(buf, run, end - run).append('"');
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Escapes {@code c}; half of a well-formed surrogate pair is kept as is, a lone surrogate is escaped. */
    private static void escape(StringBuilder out, char c, char prev, char next) {
        switch (c) {
            case '"':
                out.append("\\\"");
                return;
            case '\\':
                out.append("\\\\");
                return;
            case '\n':
                out.append("\\n");
                return;
            case '\r':
                out.append("\\r");
                return;
            case '\t':
                out.append("\\t");
                return;
            default:
                break;
        }
        if (Character.isHighSurrogate(c) && Character.isLowSurrogate(next)) {
            out.append(c);
            return;
        }
        if (Character.isLowSurrogate(c) && Character.isHighSurrogate(prev)) {
            out.append(c);
            return;
        }
        out.append("\\u").append(HEX[(c >> 12) & 15]).append(HEX[(c >> 8) & 15]).append(HEX[(c >> 4) & 15]).append(HEX[c & 15]);
    }
}
