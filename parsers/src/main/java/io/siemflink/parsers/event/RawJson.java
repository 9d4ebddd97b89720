package io.siemflink.parsers.event;

/** A value that is already JSON text (an object or array) and is written to the document verbatim. */
public record RawJson(String json) {
    public RawJson {
        if (json == null || json.isEmpty()) {
            throw new IllegalArgumentException("empty raw json");
        }
    }

    @Override
    public String toString() {
        return json;
    }
}
