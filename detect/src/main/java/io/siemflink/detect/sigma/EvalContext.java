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

    EvalContext(Event event) {
        this.event = event;
    }

    Event event() {
        return event;
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
