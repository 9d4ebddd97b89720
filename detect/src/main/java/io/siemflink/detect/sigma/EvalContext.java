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
    /** Whether a value occurs verbatim in the record, by identity of the value. */
    private String[] verbatimIn;
    private boolean[] verbatimOut;
    private int verbatimCount;

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
        return has(found(value, null, literalId), literalId);
    }

    /** True when the scanner knows literal {@code id} and {@code value} does not contain it (ignoring case). */
    boolean lacks(String value, int id) {
        if (scanner == null || !scanner.covers(id)) {
            return false;
        }
        return !has(found(value, null, id), id);
    }

    /** The family's scanner, or null. */
    SubstringScanner scanner() {
        return scanner;
    }

    /**
     * The scanner's literals in {@code value} as a bit set by literal id, exact at least for the bits of
     * {@code mask}, which {@link #scanner()} must cover.
     */
    long[] scanFor(String value, long[] mask) {
        return found(value, mask, -1);
    }

    private static boolean has(long[] found, int id) {
        return (found[id >>> 6] & (1L << id)) != 0;
    }

    /**
     * The literals in {@code value}, exact for the bits of {@code mask} (or for bit {@code id}). A field value that
     * occurs verbatim in the record (an ALB line's URL and user agent) cannot hold a literal the record lacks:
     * when the record was scanned already (keyword rules do) and shows none of the literals asked for, its scan
     * answers for the value and the value is not scanned.
     */
    private long[] found(String value, long[] mask, int id) {
        long[] hit = cached(value);
        if (hit != null) {
            return hit;
        }
        String record = event.original();
        if (record != null && record != value && value.length() < record.length()) {
            long[] rec = cached(record);
            if (rec != null && (mask != null ? none(rec, mask) : !has(rec, id)) && verbatim(value, record)) {
                return rec;
            }
        }
        return scan(value);
    }

    private static boolean none(long[] found, long[] mask) {
        for (int i = 0; i < mask.length; i++) {
            if ((found[i] & mask[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    private boolean verbatim(String value, String record) {
        for (int i = 0; i < verbatimCount; i++) {
            if (verbatimIn[i] == value) {
                return verbatimOut[i];
            }
        }
        boolean v = record.contains(value);
        if (verbatimIn == null) {
            verbatimIn = new String[4];
            verbatimOut = new boolean[4];
        }
        if (verbatimCount < verbatimIn.length) {
            verbatimIn[verbatimCount] = value;
            verbatimOut[verbatimCount++] = v;
        }
        return v;
    }

    private long[] cached(String value) {
        if (scanIn != null) {
            for (int i = 0; i < scanIn.length; i++) {
                if (scanIn[i] == value) {
                    return scanOut[i];
                }
            }
        }
        return null;
    }

    private long[] scan(String value) {
        if (scanIn == null) {
            scanIn = new String[4];
            scanOut = new long[4][];
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
