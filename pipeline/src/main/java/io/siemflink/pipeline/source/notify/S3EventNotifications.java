package io.siemflink.pipeline.source.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siemflink.pipeline.source.objects.ObjectRef;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects an S3 event notification announces, in the forms AWS delivers: S3's own event JSON
 * ({@code Records[].s3}, keys URL-encoded), the same wrapped in an SNS envelope, or an EventBridge
 * "Object Created" event. S3's {@code s3:TestEvent} and non-create events announce nothing.
 */
public final class S3EventNotifications {
    // Queue messages are at most 1 MiB: the limits of log input apply, sized for that.
    private static final ObjectMapper JSON = new ObjectMapper(
            io.siemflink.parsers.io.JsonLimits.factory(4 << 20, 4L << 20));

    private S3EventNotifications() {
    }

    /** @throws IOException when the body is not a notification in any of these forms */
    public static List<ObjectRef> objects(String body) throws IOException {
        JsonNode n = JSON.readTree(body);
        if (n == null || !n.isObject()) {
            throw new IOException("not a JSON object");
        }
        if ("Notification".equals(n.path("Type").asText()) && n.has("Message")) {
            return objects(n.get("Message").asText()); // SNS fan-out
        }
        List<ObjectRef> out = new ArrayList<>();
        if (n.has("Records")) {
            for (JsonNode r : n.get("Records")) {
                String event = r.path("eventName").asText("");
                JsonNode s3 = r.path("s3");
                if (!event.startsWith("ObjectCreated") || s3.isMissingNode()) {
                    continue;
                }
                String bucket = s3.path("bucket").path("name").asText(null);
                String key = s3.path("object").path("key").asText(null);
                if (bucket == null || key == null) {
                    throw new IOException("S3 record without bucket or key");
                }
                out.add(new ObjectRef(bucket, URLDecoder.decode(key, StandardCharsets.UTF_8), etag(s3.path("object").path("eTag")),
                        s3.path("object").path("size").asLong(-1), time(r.path("eventTime"))));
            }
            return out;
        }
        if (n.has("detail") && n.path("source").asText().equals("aws.s3")) {
            if (!"Object Created".equals(n.path("detail-type").asText())) {
                return out;
            }
            JsonNode d = n.get("detail");
            String bucket = d.path("bucket").path("name").asText(null);
            String key = d.path("object").path("key").asText(null);
            if (bucket == null || key == null) {
                throw new IOException("EventBridge S3 event without bucket or key");
            }
            // EventBridge keys are not URL-encoded.
            out.add(new ObjectRef(bucket, key, etag(d.path("object").path("etag")), d.path("object").path("size").asLong(-1),
                    time(n.path("time"))));
            return out;
        }
        if ("s3:TestEvent".equals(n.path("Event").asText())) {
            return out;
        }
        throw new IOException("not an S3 event notification");
    }

    private static String etag(JsonNode n) {
        String e = n.asText(null);
        if (e == null || e.isEmpty()) {
            return null;
        }
        return e.startsWith("\"") ? e : "\"" + e + "\""; // GetObject If-Match wants the quoted form
    }

    private static long time(JsonNode n) {
        try {
            return n.isTextual() ? Instant.parse(n.asText()).toEpochMilli() : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
