package io.siemflink.parsers.cloudtrail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.siemflink.parsers.AwsKey;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.LogParser;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.io.CorruptInputException;
import io.siemflink.parsers.io.JsonLimits;
import io.siemflink.parsers.io.Lines;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * AWS CloudTrail records to ECS events.
 *
 * <p>Input framings, told apart by the first bytes:
 * <ul>
 *   <li>the files CloudTrail delivers to S3, {@code {"Records":[...]}} (also CloudTrail-Insight files), streamed
 *       record by record with bounded memory;</li>
 *   <li>a JSON array of records (CloudTrail console / CLI exports), or records pretty-printed one after another;</li>
 *   <li>one record per line (CloudWatch Logs exports, Firehose, the Elastic test files): each line stands alone,
 *       so one bad line costs one dead letter.</li>
 * </ul>
 * Digest files are skipped, by key or by content. In the streamed framings a JSON syntax error ends the input:
 * the records before it come out, the rest becomes one dead letter.
 */
public final class CloudTrailParser implements LogParser {
    private static final LogType TYPE = LogType.CLOUDTRAIL;
    /** How much of the input is looked at to choose the framing. */
    private static final int PEEK = 64 * 1024;

    private final ParserOptions options;
    /**
     * Strings up to 4 records long are read (and their record dead-lettered as too long); a longer one is a JSON
     * error that ends a streamed file (the rest is one dead letter), which bounds the memory of one value. No
     * document-length limit: a delivered file streams through and each record is bounded instead
     * (see {@link RecordingInput}).
     */
    private final JsonFactory json;

    public CloudTrailParser(ParserOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.json = JsonLimits.factory((int) Math.min(Integer.MAX_VALUE - 64, 4L * options.maxRecordBytes()), -1);
    }

    @Override
    public LogType type() {
        return TYPE;
    }

    @Override
    public void parse(InputStream in, SourceRef source, ParseSink sink) throws IOException {
        AwsKey key = source.awsKey();
        if (key.skipReason() != null) {
            sink.skipped(new Skip(TYPE, key.skipReason(), source, -1));
            return;
        }
        // Read the head ourselves so that a corrupt stream fails at the same byte in whichever framing we pick.
        byte[] head = new byte[PEEK];
        int n = 0;
        CorruptInputException headFailure = null;
        try {
            while (n < PEEK) {
                int r = in.read(head, n, PEEK - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (CorruptInputException e) {
            headFailure = e;
        }
        boolean lines = isLineFraming(head, n, n < PEEK || headFailure != null);
        InputStream rest = headFailure != null ? new FailingInput(headFailure) : in;
        InputStream all = new SequenceInputStream(new ByteArrayInputStream(head, 0, n), rest);
        Context ctx = new Context(new RecordMapper(options, key), source, sink);
        if (lines) {
            Lines.forEach(all, TYPE, source, sink, options.maxRecordBytes(), (text, raw, off, len, lineNo, offset) -> {
                ctx.line = lineNo;
                ctx.base = offset;
                readWindow(ByteWindow.of(raw, off, len), ctx, text);
            });
        } else {
            readStream(new RecordingInput(all, options.maxRecordBytes()), ctx);
        }
    }

    @Override
    public void parseRecord(String record, SourceRef source, long position, ParseSink sink) {
        Context ctx = new Context(new RecordMapper(options, source.awsKey()), source, sink);
        ctx.position = position;
        ctx.fixedPosition = true;
        if (record.isBlank()) {
            sink.skipped(new Skip(TYPE, "blank_record", source, -1));
            return;
        }
        byte[] b = record.getBytes(StandardCharsets.UTF_8);
        if (b.length > options.maxRecordBytes()) {
            sink.deadLetter(DeadLetter.of(TYPE, tooLong(b.length), b, 0, b.length, source, -1, -1));
            return;
        }
        readWindow(ByteWindow.of(b, 0, b.length), ctx, record);
    }

    /** Per-input state: where we are, for events and dead letters. */
    private static final class Context {
        final RecordMapper mapper;
        final SourceRef source;
        final ParseSink sink;
        long line = -1;
        long base;
        long position;
        boolean fixedPosition;
        /** Parser offset from which bytes are not yet accounted for by an event, dead letter or skip. */
        long pending;

        Context(RecordMapper mapper, SourceRef source, ParseSink sink) {
            this.mapper = mapper;
            this.source = source;
            this.sink = sink;
        }

        long nextPosition() {
            return fixedPosition ? position : position++;
        }
    }

    /** One line or one Kinesis record, wholly in memory. */
    private void readWindow(ByteWindow window, Context ctx, String wholeText) {
        ctx.pending = 0;
        byte[] b = window.array();
        int off = window.index(0);
        int len = window.end() - off;
        try (JsonParser p = json.createParser(b, off, len)) {
            readValues(p, window, ctx, wholeText, len);
        } catch (CorruptInputException e) {
            throw new IllegalStateException(e); // cannot happen: the bytes are in memory
        } catch (JsonProcessingException e) {
            deadLetterRest(window, ctx, jsonError(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            deadLetterRest(window, ctx, "parser_error: " + e);
        }
    }

    /** A delivered file, streamed. */
    private void readStream(RecordingInput in, Context ctx) throws IOException {
        try (JsonParser p = json.createParser(in)) {
            readValues(p, in, ctx, null, -1);
        } catch (CorruptInputException e) {
            deadLetterRest(in, ctx, e.getMessage());
        } catch (JsonProcessingException e) {
            drainAndDeadLetter(in, ctx, jsonError(e));
        } catch (RuntimeException e) {
            drainAndDeadLetter(in, ctx, "parser_error: " + e);
        }
    }

    /**
     * Reads root values: a {@code {"Records":[...]}} wrapper, an array of records, or records.
     *
     * @param wholeText the window's text when it is exactly one record, to avoid decoding it again
     */
    private void readValues(JsonParser p, ByteWindow w, Context ctx, String wholeText, int wholeLen) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != null) {
            long start = p.currentTokenLocation().getByteOffset();
            if (start < 0) {
                throw new JsonProcessingException("input is not UTF-8 encoded JSON") { };
            }
            ctx.pending = start;
            w.keepFrom(start);
            if (t == JsonToken.START_OBJECT) {
                t = p.nextToken();
                if (t == JsonToken.FIELD_NAME && p.currentName().equals("Records")) {
                    if (p.nextToken() == JsonToken.START_ARRAY) {
                        readArray(p, w, ctx);
                    } else {
                        p.skipChildren();
                        deadLetterTo(p, w, ctx, start, "invalid_records: Records is not an array");
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        p.nextToken();
                        p.skipChildren(); // other keys of the wrapper carry no records
                    }
                    ctx.pending = end(p);
                } else {
                    record(p, w, ctx, start, wholeText, wholeLen);
                }
            } else if (t == JsonToken.START_ARRAY) {
                readArray(p, w, ctx);
                ctx.pending = end(p);
            } else {
                deadLetterTo(p, w, ctx, start, notAnObject(t));
            }
        }
    }

    private void readArray(JsonParser p, ByteWindow w, Context ctx) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            long start = p.currentTokenLocation().getByteOffset();
            ctx.pending = start;
            w.keepFrom(start);
            if (t == JsonToken.START_OBJECT) {
                p.nextToken();
                record(p, w, ctx, start, null, -1);
            } else {
                p.skipChildren();
                deadLetterTo(p, w, ctx, start, notAnObject(t));
            }
        }
    }

    /** The parser is just inside a record object. */
    private void record(JsonParser p, ByteWindow w, Context ctx, long start, String wholeText, int wholeLen)
            throws IOException {
        RecordMapper m = ctx.mapper;
        int depth = p.getParsingContext().getNestingDepth();
        try {
            m.readRecord(p);
        } catch (RecordMapper.TooLarge e) {
            skipRestOfRecord(p, depth);
        }
        long end = end(p);
        ctx.pending = end;
        byte[] b = w.array();
        long len = end - start;
        long position = ctx.nextPosition();
        byte[] head = w.overflowHead(start);
        if (head != null) {
            ctx.sink.deadLetter(new DeadLetter(TYPE, tooLong(len), head, len, ctx.source, ctx.line, ctx.base + start));
            return;
        }
        int from = w.index(start);
        if (len > options.maxRecordBytes() || m.tooLarge) {
            ctx.sink.deadLetter(DeadLetter.of(TYPE, tooLong(len), b, from, (int) len, ctx.source, ctx.line, ctx.base + start));
            return;
        }
        String original = wholeText != null && len == wholeLen ? wholeText : new String(b, from, (int) len, StandardCharsets.UTF_8);
        switch (m.finish(original, b, from, (int) len, position)) {
            case EVENT -> ctx.sink.event(m.event);
            case SKIP -> ctx.sink.skipped(new Skip(TYPE, m.reason, ctx.source, ctx.line));
            default -> ctx.sink.deadLetter(DeadLetter.of(TYPE, m.reason, b, from, (int) len, ctx.source, ctx.line, ctx.base + start));
        }
    }

    /** After a record outgrew its budget mid-value: reads on (without keeping anything) to the record's end. */
    private static void skipRestOfRecord(JsonParser p, int recordDepth) throws IOException {
        while (p.getParsingContext().getNestingDepth() >= recordDepth) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new com.fasterxml.jackson.core.io.JsonEOFException(p, null, "input ended inside a record");
            }
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                p.skipChildren();
            }
        }
    }

    /** Offset just past the current token. */
    private static long end(JsonParser p) {
        return p.currentLocation().getByteOffset();
    }

    private void deadLetterTo(JsonParser p, ByteWindow w, Context ctx, long start, String reason) {
        long end = end(p);
        ctx.nextPosition();
        ctx.pending = end;
        byte[] head = w.overflowHead(start);
        if (head != null) {
            ctx.sink.deadLetter(new DeadLetter(TYPE, reason, head, end - start, ctx.source, ctx.line, ctx.base + start));
            return;
        }
        ctx.sink.deadLetter(DeadLetter.of(TYPE, reason, w.array(), w.index(start), (int) (end - start), ctx.source,
                ctx.line, ctx.base + start));
    }

    /** Everything not yet accounted for, up to what has been read, as one dead letter. */
    private void deadLetterRest(ByteWindow w, Context ctx, String reason) {
        ctx.nextPosition();
        int from = Math.min(w.index(ctx.pending), w.end());
        int len = w.end() - from;
        ctx.sink.deadLetter(DeadLetter.of(TYPE, reason, w.array(), from, len, ctx.source, ctx.line, ctx.base + ctx.pending));
    }

    /** After a syntax error in a streamed file: the unread rest of the input joins the dead letter. */
    private void drainAndDeadLetter(RecordingInput in, Context ctx, String reason) throws IOException {
        ctx.nextPosition();
        int from = Math.min(in.index(ctx.pending), in.end());
        byte[] b = in.array();
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        kept.write(b, from, Math.min(in.end() - from, DeadLetter.MAX_ORIGINAL_BYTES));
        long total = in.position() - ctx.pending; // also the middle of an overlong record, read but not kept
        byte[] buf = new byte[8192];
        try {
            InputStream src = in.source();
            int r;
            while ((r = src.read(buf)) >= 0) {
                int room = DeadLetter.MAX_ORIGINAL_BYTES - kept.size();
                if (room > 0) {
                    kept.write(buf, 0, Math.min(room, r));
                }
                total += r;
            }
        } catch (CorruptInputException e) {
            reason += "; then " + e.getMessage();
        }
        ctx.sink.deadLetter(new DeadLetter(TYPE, reason, kept.toByteArray(), total, ctx.source, ctx.line,
                ctx.base + ctx.pending));
    }

    private static String notAnObject(JsonToken t) {
        return "invalid_record: expected a JSON object, found " + (t.asString() != null ? t.asString() : t.name());
    }

    /** Jackson's message without the source excerpt and location it appends. */
    private static String jsonError(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        int cut = m.indexOf(" (start marker at");
        if (cut < 0) {
            cut = m.indexOf('\n');
        }
        return "invalid_json: " + (cut < 0 ? m : m.substring(0, cut));
    }

    private String tooLong(long len) {
        return "too_long: record of " + len + " bytes exceeds the limit of " + options.maxRecordBytes();
    }

    /**
     * Line framing when the first value is an object that is not the S3 {@code Records} wrapper and ends on its
     * first line; everything else (wrapper, array, pretty-printed records, a first line longer than the peek)
     * is streamed.
     */
    static boolean isLineFraming(byte[] b, int n, boolean complete) {
        int i = 0;
        if (n >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
            i = 3;
        }
        i = skipWs(b, i, n);
        if (i >= n || b[i] != '{') {
            return i >= n || b[i] != '[';
        }
        int k = skipWs(b, i + 1, n);
        byte[] records = "\"Records\"".getBytes(StandardCharsets.US_ASCII);
        if (k + records.length <= n && Arrays.equals(b, k, k + records.length, records, 0, records.length)) {
            int c = skipWs(b, k + records.length, n);
            if (c < n && b[c] == ':') {
                return false;
            }
        }
        int nl = i;
        while (nl < n && b[nl] != '\n') {
            nl++;
        }
        if (nl == n && !complete) {
            return false;
        }
        int last = nl - 1;
        while (last > i && (b[last] == ' ' || b[last] == '\t' || b[last] == '\r')) {
            last--;
        }
        return b[last] == '}';
    }

    private static int skipWs(byte[] b, int i, int n) {
        while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return i;
    }

    /** Replays a failure that happened while the head was read. */
    private static final class FailingInput extends InputStream {
        private final CorruptInputException failure;

        FailingInput(CorruptInputException failure) {
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            throw failure;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            throw failure;
        }
    }
}
