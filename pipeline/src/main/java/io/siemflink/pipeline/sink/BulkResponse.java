package io.siemflink.pipeline.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The failed items of a bulk response, read by streaming (a response for 2,000 items need not become a tree). */
final class BulkResponse {
    /** A failed item: its position in the request, HTTP status and OpenSearch's error. */
    record Failure(int position, int status, String type, String reason) {
        boolean retryable() {
            return status == 429 || status >= 500;
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    private BulkResponse() {
    }

    /** Failures in request order; empty when {@code "errors": false}. */
    static List<Failure> failures(byte[] body) throws IOException {
        List<Failure> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("bulk response is not an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("errors")) {
                    if (t == JsonToken.VALUE_FALSE) {
                        return out;
                    }
                } else if (name.equals("items") && t == JsonToken.START_ARRAY) {
                    int pos = 0;
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        p.nextToken(); // the op name: index / create / ...
                        p.nextToken(); // START_OBJECT
                        int status = 0;
                        String type = null;
                        String reason = null;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            JsonToken v = p.nextToken();
                            if (f.equals("status")) {
                                status = p.getIntValue();
                            } else if (f.equals("error") && v == JsonToken.START_OBJECT) {
                                while (p.nextToken() == JsonToken.FIELD_NAME) {
                                    String ef = p.currentName();
                                    p.nextToken();
                                    if (ef.equals("type")) {
                                        type = p.getValueAsString();
                                    } else if (ef.equals("reason")) {
                                        reason = p.getValueAsString();
                                    } else {
                                        p.skipChildren();
                                    }
                                }
                            } else {
                                p.skipChildren();
                            }
                        }
                        p.nextToken(); // END_OBJECT of the item wrapper
                        if (status >= 300) {
                            out.add(new Failure(pos, status, type, reason));
                        }
                        pos++;
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return out;
    }
}
