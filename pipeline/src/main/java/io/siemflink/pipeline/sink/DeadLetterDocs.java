package io.siemflink.pipeline.sink;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.event.DocIds;
import io.siemflink.parsers.event.EventJson;
import io.siemflink.parsers.event.Timestamp;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Documents for the dead-letter index: records the parsers could not read (stage {@code parse}) and documents
 * OpenSearch refused for good (stage {@code index}), each with the reason and the original bytes. Ids are
 * deterministic so that replays overwrite.
 */
public final class DeadLetterDocs implements Serializable {
    private static final long serialVersionUID = 1L;
    private final IndexNames names;

    public DeadLetterDocs(IndexNames names) {
        this.names = names;
    }

    public IndexAction fromParse(DeadLetter d, long nowMillis) {
        String text = d.originalText();
        byte[] idInput = (d.reason() + '\n' + (d.source() == null ? "" : d.source().name()) + '\n' + d.line() + '\n'
                + d.offset() + '\n').getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[idInput.length + d.original().length];
        System.arraycopy(idInput, 0, all, 0, idInput.length);
        System.arraycopy(d.original(), 0, all, idInput.length, d.original().length);
        String id = "p-" + DocIds.of(io.siemflink.parsers.LogType.CLOUDTRAIL, all, 0, all.length);
        byte[] doc = write(nowMillis, g -> {
            g.writeStringField("stage", "parse");
            g.writeStringField("reason_code", d.reasonCode());
            g.writeStringField("reason", d.reason());
            if (d.type() != null) {
                g.writeStringField("type", d.type().id());
            }
            if (d.source() != null) {
                g.writeStringField("source", d.source().name());
            }
            if (d.line() >= 0) {
                g.writeNumberField("line", d.line());
            }
            if (d.offset() >= 0) {
                g.writeNumberField("offset", d.offset());
            }
            if (text != null) {
                g.writeStringField("original", text);
            } else {
                g.writeStringField("original_base64", Base64.getEncoder().encodeToString(d.original()));
            }
            g.writeNumberField("original_length", d.originalLength());
            g.writeBooleanField("original_truncated", d.originalTruncated());
        });
        IndexAction a = new IndexAction(names.deadLetters(nowMillis), id, doc);
        a.deadLetter = true;
        a.logType = d.type() == null ? null : d.type().id();
        return a;
    }

    public IndexAction fromIndexFailure(IndexAction failed, int status, String errorType, String reason, long nowMillis) {
        String original = failed.original != null ? failed.original : new String(failed.source, StandardCharsets.UTF_8);
        int cap = DeadLetter.MAX_ORIGINAL_BYTES;
        String kept = original.length() > cap ? original.substring(0, cap) : original;
        String id = "i-" + DocIds.of(io.siemflink.parsers.LogType.CLOUDTRAIL, failed.index + "/" + failed.id);
        byte[] doc = write(nowMillis, g -> {
            g.writeStringField("stage", "index");
            g.writeStringField("reason_code", errorType == null ? "http_" + status : errorType);
            g.writeStringField("reason", (errorType == null ? "" : errorType + ": ") + (reason == null ? "status " + status : reason));
            if (failed.logType != null) {
                g.writeStringField("type", failed.logType);
            }
            if (failed.origin != null) {
                g.writeStringField("source", failed.origin);
            }
            g.writeStringField("target_index", failed.index);
            if (failed.id != null) {
                g.writeStringField("document_id", failed.id);
            }
            g.writeNumberField("status", status);
            g.writeStringField("original", kept);
            g.writeNumberField("original_length", original.length());
            g.writeBooleanField("original_truncated", kept.length() < original.length());
        });
        IndexAction a = new IndexAction(names.deadLetters(nowMillis), id, doc);
        a.deadLetter = true;
        a.logType = failed.logType;
        a.origin = failed.origin;
        return a;
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(long nowMillis, Body body) {
        try (ByteArrayBuilder buf = new ByteArrayBuilder(512); JsonGenerator g = EventJson.factory().createGenerator(buf)) {
            g.writeStartObject();
            g.writeStringField("@timestamp", Timestamp.ofEpochMilli(nowMillis).toString());
            g.writeObjectFieldStart("deadletter");
            body.write(g);
            g.writeEndObject();
            g.writeEndObject();
            g.flush();
            return buf.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
