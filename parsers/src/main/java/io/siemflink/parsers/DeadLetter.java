package io.siemflink.parsers;

import com.fasterxml.jackson.core.JsonGenerator;
import io.siemflink.parsers.event.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A record that could not become an event, with the reason and its original bytes.
 *
 * <p>The original is capped at {@link #MAX_ORIGINAL_BYTES} so that a hostile 100 MB line cannot become a 100 MB
 * dead-letter document; {@link #originalLength()} keeps the true length.
 *
 * @param type     the log type the record was read as, or null when unknown
 * @param reason   short machine-friendly cause, then a human detail ({@code "invalid_json: Unexpected ..."})
 * @param line     1-based line number in the input, or -1
 * @param offset   byte offset of the record in the (decompressed) input, or -1
 */
public record DeadLetter(LogType type, String reason, byte[] original, long originalLength, SourceRef source,
                         long line, long offset) {
    public static final int MAX_ORIGINAL_BYTES = 256 * 1024;

    public static DeadLetter of(LogType type, String reason, byte[] buf, int off, int len, SourceRef source,
                                long line, long offset) {
        byte[] kept = Arrays.copyOfRange(buf, off, off + Math.min(len, MAX_ORIGINAL_BYTES));
        return new DeadLetter(type, reason, kept, len, source, line, offset);
    }

    public static DeadLetter of(LogType type, String reason, String original, SourceRef source, long line,
                                long offset) {
        byte[] b = original == null ? new byte[0] : original.getBytes(StandardCharsets.UTF_8);
        return of(type, reason, b, 0, b.length, source, line, offset);
    }

    public boolean originalTruncated() {
        return originalLength > original.length;
    }

    /** The original as text when it is valid UTF-8, else null (then it is written as base64). */
    public String originalText() {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(original)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    public void writeJson(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("reason", reason);
        if (type != null) {
            g.writeStringField("type", type.id());
        }
        if (source != null) {
            g.writeStringField("source", source.name());
        }
        if (line >= 0) {
            g.writeNumberField("line", line);
        }
        if (offset >= 0) {
            g.writeNumberField("offset", offset);
        }
        String text = originalText();
        if (text != null) {
            g.writeStringField("original", text);
        } else {
            g.writeStringField("original_base64", Base64.getEncoder().encodeToString(original));
        }
        g.writeNumberField("original_length", originalLength);
        if (originalTruncated()) {
            g.writeBooleanField("original_truncated", true);
        }
        g.writeEndObject();
    }

    public String toJson() {
        try (var buf = new com.fasterxml.jackson.core.util.ByteArrayBuilder(256);
             JsonGenerator g = EventJson.factory().createGenerator(buf)) {
            writeJson(g);
            g.flush();
            return new String(buf.toByteArray(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reason's leading code ({@code invalid_json} of {@code "invalid_json: ..."}), for metrics. */
    public String reasonCode() {
        int i = reason.indexOf(':');
        return i < 0 ? reason : reason.substring(0, i);
    }
}
