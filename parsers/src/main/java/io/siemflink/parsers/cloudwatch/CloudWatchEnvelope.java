package io.siemflink.parsers.cloudwatch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.LogParser;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.TypeDetector;
import io.siemflink.parsers.event.Ecs;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.io.CorruptInputException;
import io.siemflink.parsers.io.Inputs;
import io.siemflink.parsers.io.JsonLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * CloudWatch Logs subscription envelopes (as delivered to Kinesis or Firehose, usually gzip JSON):
 * a DATA_MESSAGE fans out into its logEvents, each parsed as one record of the log type; a CONTROL_MESSAGE is a
 * counted skip. Unknown envelope fields (such as {@code policyLevel}) are ignored, as AWS adds them over time.
 */
public final class CloudWatchEnvelope {
    /** Largest envelope accepted, decompressed (Kinesis records hold at most 10 MB, Firehose buffers 128 MB). */
    public static final int MAX_ENVELOPE_BYTES = 64 * 1024 * 1024;
    private static final JsonFactory JSON = JsonLimits.factory(MAX_ENVELOPE_BYTES, MAX_ENVELOPE_BYTES);

    private CloudWatchEnvelope() {
    }

    /** True when the (decompressed) bytes start like a subscription envelope. */
    public static boolean looksLikeEnvelope(byte[] head, int len) {
        return TypeDetector.detect(head, len) == TypeDetector.Kind.CLOUDWATCH_ENVELOPE;
    }

    /**
     * Parses one envelope (gzip or plain).
     *
     * @param fixedType the log type of the messages when known from configuration, else null: then each envelope's
     *                  type comes from its first message's content
     * @param parsers   the parser of a type
     */
    public static void parse(byte[] data, SourceRef source, LogType fixedType, Function<LogType, LogParser> parsers,
                             ParseSink sink) {
        byte[] json;
        try (InputStream in = Inputs.open(new ByteArrayInputStream(data), MAX_ENVELOPE_BYTES)) {
            json = in.readAllBytes();
        } catch (IOException e) {
            String reason = e instanceof CorruptInputException ? e.getMessage() : "corrupt_gzip: " + e.getMessage();
            sink.deadLetter(DeadLetter.of(fixedType, reason, data, 0, data.length, source, -1, 0));
            return;
        }
        parseJson(json, source, fixedType, parsers, sink);
    }

    /**
     * One envelope, or several one after another (Firehose concatenates the envelopes it buffers into one S3
     * object): each is parsed on its own; bytes after the last envelope that can be read are one dead letter.
     */
    static void parseJson(byte[] json, SourceRef source, LogType fixedType, Function<LogType, LogParser> parsers,
                          ParseSink sink) {
        List<int[]> ranges = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                int start = (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                ranges.add(new int[] {start, (int) p.currentLocation().getByteOffset()});
            }
            if (t != null) {
                throw new IOException("not a JSON object");
            }
        } catch (IOException | RuntimeException e) {
            int from = ranges.isEmpty() ? 0 : ranges.get(ranges.size() - 1)[1];
            ranges.add(new int[] {from, json.length}); // parsed alone below, it becomes the dead letter that says why
        }
        if (ranges.size() <= 1) {
            parseOne(json, source, fixedType, parsers, sink);
            return;
        }
        for (int[] r : ranges) {
            parseOne(Arrays.copyOfRange(json, r[0], r[1]), source, fixedType, parsers, sink);
        }
    }

    private static void parseOne(byte[] json, SourceRef source, LogType fixedType, Function<LogType, LogParser> parsers,
                                 ParseSink sink) {
        String messageType = null;
        String owner = null;
        String logGroup = null;
        String logStream = null;
        // logEvents may precede logGroup in the JSON: collect first, then parse.
        java.util.List<String[]> events = new java.util.ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "messageType" -> messageType = p.getValueAsString();
                    case "owner" -> owner = p.getValueAsString();
                    case "logGroup" -> logGroup = p.getValueAsString();
                    case "logStream" -> logStream = p.getValueAsString();
                    case "logEvents" -> {
                        if (t != JsonToken.START_ARRAY) {
                            throw new IOException("logEvents is not an array");
                        }
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            String id = null;
                            String message = null;
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String f = p.currentName();
                                p.nextToken();
                                if (f.equals("id")) {
                                    id = p.getValueAsString();
                                } else if (f.equals("message")) {
                                    message = p.getValueAsString();
                                } else {
                                    p.skipChildren();
                                }
                            }
                            events.add(new String[] {id, message});
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            sink.deadLetter(DeadLetter.of(fixedType, "invalid_envelope: " + e.getMessage(), json, 0, json.length,
                    source, -1, 0));
            return;
        }
        if ("CONTROL_MESSAGE".equals(messageType)) {
            sink.skipped(new Skip(fixedType, "cloudwatch_control_message", source, -1));
            return;
        }
        if (!"DATA_MESSAGE".equals(messageType)) {
            sink.deadLetter(DeadLetter.of(fixedType, "invalid_envelope: messageType is " + messageType, json, 0,
                    json.length, source, -1, 0));
            return;
        }
        LogType type = fixedType;
        if (type == null) {
            type = typeOf(logGroup, events);
        }
        ParseSink tagging = new Tagging(sink, owner, logGroup, logStream);
        for (int i = 0; i < events.size(); i++) {
            String[] ev = events.get(i);
            if (ev[1] == null) {
                sink.deadLetter(DeadLetter.of(type, "invalid_envelope: log event without message", "{\"id\":\"" + ev[0] + "\"}",
                        source, i + 1, -1));
                continue;
            }
            if (type == null) {
                sink.deadLetter(DeadLetter.of(null, "unknown_type: cannot tell the log type of log group " + logGroup
                        + "; configure it", ev[1], source, i + 1, -1));
                continue;
            }
            ((Tagging) tagging).eventId = ev[0];
            parsers.apply(type).parseRecord(ev[1], source, i, tagging);
        }
    }

    private static LogType typeOf(String logGroup, java.util.List<String[]> events) {
        for (String[] ev : events) {
            if (ev[1] != null) {
                byte[] b = ev[1].getBytes(java.nio.charset.StandardCharsets.UTF_8);
                LogType t = TypeDetector.detect(b, b.length).logType();
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    /** Adds where the record came from in CloudWatch Logs; the account is the envelope's owner. */
    private static final class Tagging implements ParseSink {
        private final ParseSink out;
        private final String owner;
        private final String logGroup;
        private final String logStream;
        String eventId;

        Tagging(ParseSink out, String owner, String logGroup, String logStream) {
            this.out = out;
            this.owner = owner;
            this.logGroup = logGroup;
            this.logStream = logStream;
        }

        @Override
        public void event(Event e) {
            if (!e.has(Ecs.CLOUD_ACCOUNT_ID) && owner != null && !owner.isEmpty()) {
                e.put(Ecs.CLOUD_ACCOUNT_ID, owner);
            }
            e.putNonEmpty(Ecs.AWS_CLOUDWATCH_LOG_GROUP, logGroup);
            e.putNonEmpty(Ecs.AWS_CLOUDWATCH_LOG_STREAM, logStream);
            e.putNonEmpty(Ecs.AWS_CLOUDWATCH_ID, eventId);
            out.event(e);
        }

        @Override
        public void deadLetter(DeadLetter d) {
            out.deadLetter(d);
        }

        @Override
        public void skipped(Skip s) {
            out.skipped(s);
        }
    }
}
