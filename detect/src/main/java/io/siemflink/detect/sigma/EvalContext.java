package io.siemflink.detect.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.Field;
import java.io.IOException;

/**
 * One event under evaluation. JSON the rules look into (the raw record, flattened parameters) is parsed at most
 * once per event, and only when a rule that passed the prefilter needs it.
 */
final class EvalContext {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Event event;
    private JsonNode raw;
    private Field[] jsonFields;
    private JsonNode[] jsonTrees;
    private int jsonCount;
    /** Lower-cased values, by identity of the original: rules often test the same text (the record, a URL). */
    private String[] lowerIn;
    private String[] lowerOut;
    private int lowerNext;

    private final SubstringScanner scanner;
    private String[] scanIn;
    private long[][] scanOut;
    private int scanNext;

    EvalContext(Event event) {
        this(event, null);
    }

    EvalContext(Event event, SubstringScanner scanner) {
        this.event = event;
        this.scanner = scanner;
    }

    /** Whether {@code value} contains {@code lowerLiteral} ignoring case: one scanner pass per value, else a search. */
    boolean containsLower(String value, String lowerLiteral, int literalId) {
        if (scanner == null || !scanner.covers(literalId)) {
            return lower(value).contains(lowerLiteral);
        }
        long[] found = scan(value);
        return (found[literalId >>> 6] & (1L << literalId)) != 0;
    }

    /** True when the scanner knows literal {@code id} and {@code value} does not contain it (ignoring case). */
    boolean lacks(String value, int id) {
        if (scanner == null || !scanner.covers(id)) {
            return false;
        }
        long[] found = scan(value);
        return (found[id >>> 6] & (1L << id)) == 0;
    }

    /** The scanner's literals in {@code value} (bit set by literal id), or null when no scanner covers {@code mask}. */
    long[] scanFor(String value, long[] mask) {
        if (scanner == null || !scanner.coversAll(mask)) {
            return null;
        }
        return scan(value);
    }

    private long[] scan(String value) {
        if (scanIn == null) {
            scanIn = new String[4];
            scanOut = new long[4][];
        }
        for (int i = 0; i < scanIn.length; i++) {
            if (scanIn[i] == value) {
                return scanOut[i];
            }
        }
        long[] found = scanner.scan(value);
        scanIn[scanNext] = value;
        scanOut[scanNext] = found;
        scanNext = (scanNext + 1) % scanIn.length;
        return found;
    }

    Event event() {
        return event;
    }

    /** {@code s} lower-cased (Locale.ROOT), computed once per event and value. */
    String lower(String s) {
        if (lowerIn == null) {
            lowerIn = new String[4];
            lowerOut = new String[4];
        }
        for (int i = 0; i < lowerIn.length; i++) {
            if (lowerIn[i] == s) {
                return lowerOut[i];
            }
        }
        String l = s.toLowerCase(java.util.Locale.ROOT);
        lowerIn[lowerNext] = s;
        lowerOut[lowerNext] = l;
        lowerNext = (lowerNext + 1) % lowerIn.length;
        return l;
    }

    /** The record as read, parsed as JSON; missing when it is not JSON (log lines) or absent. */
    JsonNode rawRecord() {
        if (raw == null) {
            raw = parse(event.original());
        }
        return raw;
    }

    /** A field holding a JSON object (raw JSON or text), parsed once. */
    JsonNode json(Field f) {
        for (int i = 0; i < jsonCount; i++) {
            if (jsonFields[i] == f) {
                return jsonTrees[i];
            }
        }
        if (jsonFields == null) {
            jsonFields = new Field[4];
            jsonTrees = new JsonNode[4];
        } else if (jsonCount == jsonFields.length) {
            jsonFields = java.util.Arrays.copyOf(jsonFields, jsonCount * 2);
            jsonTrees = java.util.Arrays.copyOf(jsonTrees, jsonCount * 2);
        }
        Object v = event.get(f);
        JsonNode tree = parse(v == null ? null : v.toString());
        jsonFields[jsonCount] = f;
        jsonTrees[jsonCount++] = tree;
        return tree;
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isEmpty() || (text.charAt(0) != '{' && text.charAt(0) != '[')) {
            return MissingNode.getInstance();
        }
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            return MissingNode.getInstance(); // cut-off parameters: nothing to find inside
        }
    }
}
