package io.siemflink.parsers;

import io.siemflink.parsers.cloudwatch.CloudWatchEnvelope;
import io.siemflink.parsers.io.CorruptInputException;
import io.siemflink.parsers.io.Inputs;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Routes a delivered unit to the right parser: an S3 object or file (key layout, then content), or a record
 * from a stream (a raw line or event, or a CloudWatch Logs envelope). Used alike by the CLI and the Flink job.
 */
public final class Dispatcher {
    /**
     * Default cap on the decompressed size of one object. Parsing streams, so the cap guards time and output, not
     * memory: high enough for a 1 GB gzip object of real logs (about 8 GB of text), low enough that a gzip bomb
     * (1000:1 and more) becomes a dead letter instead of hours of work.
     */
    public static final long DEFAULT_MAX_OBJECT_BYTES = 32L * 1024 * 1024 * 1024;

    private final Parsers parsers;
    private final LogType fixedType;
    private final long maxObjectBytes;

    /**
     * @param fixedType the type of every input (from configuration or {@code --type}), or null to detect it
     */
    public Dispatcher(Parsers parsers, LogType fixedType, long maxObjectBytes) {
        this.parsers = parsers;
        this.fixedType = fixedType;
        this.maxObjectBytes = maxObjectBytes;
    }

    public Dispatcher(Parsers parsers, LogType fixedType) {
        this(parsers, fixedType, DEFAULT_MAX_OBJECT_BYTES);
    }

    /**
     * Parses one object or file, plain or gzip.
     *
     * @return the type it was read as, or null when it was skipped or could not be typed
     * @throws IOException when reading fails for a reason other than bad data (worth a retry)
     */
    public LogType parseObject(InputStream raw, SourceRef source, ParseSink sink) throws IOException {
        AwsKey key = source.awsKey();
        if (key.skipReason() != null) {
            sink.skipped(new Skip(key.type(), key.skipReason(), source, -1));
            return null;
        }
        InputStream opened;
        try {
            opened = Inputs.open(raw, maxObjectBytes);
        } catch (CorruptInputException e) {
            sink.deadLetter(DeadLetter.of(fixedType != null ? fixedType : key.type(), e.getMessage(), new byte[0], 0, 0,
                    source, -1, 0));
            return null;
        }
        // The head tells the type. A small object may break off (truncated gzip) within it: then the parser still
        // gets the bytes before the break, and the break itself where it is, as for a large object.
        byte[] head = new byte[TypeDetector.SNIFF_BYTES];
        int n = 0;
        CorruptInputException brokeOff = null;
        try {
            while (n < head.length) {
                int r = opened.read(head, n, head.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (CorruptInputException e) {
            brokeOff = e;
        }
        InputStream in = new BufferedInputStream(new SequenceInputStream(new ByteArrayInputStream(head, 0, n),
                brokeOff != null ? Inputs.failing(brokeOff) : opened), 65536);
        TypeDetector.Kind kind = TypeDetector.detect(head, n);
        if (kind == TypeDetector.Kind.CLOUDWATCH_ENVELOPE) {
            byte[] all;
            try {
                // Read whole to be parsed: capped, so an envelope-looking object cannot fill the heap.
                all = in.readNBytes(CloudWatchEnvelope.MAX_ENVELOPE_BYTES + 1);
            } catch (CorruptInputException e) {
                sink.deadLetter(DeadLetter.of(fixedType, e.getMessage(), head, 0, n, source, -1, 0));
                return null;
            }
            if (all.length > CloudWatchEnvelope.MAX_ENVELOPE_BYTES) {
                sink.deadLetter(DeadLetter.of(fixedType, "too_large: a CloudWatch Logs envelope larger than "
                        + CloudWatchEnvelope.MAX_ENVELOPE_BYTES + " bytes", head, 0, n, source, -1, 0));
                return null;
            }
            CloudWatchEnvelope.parse(all, source, fixedType, parsers::get, sink);
            return fixedType;
        }
        LogType type = fixedType != null ? fixedType : key.type() != null ? key.type() : kind.logType();
        if (type == null) {
            if (n == 0) {
                sink.skipped(new Skip(null, "empty_object", source, -1));
            } else {
                sink.deadLetter(DeadLetter.of(null, "unknown_type: cannot tell the log type from the key or the content;"
                        + " pass --type or configure the source type", head, 0, n, source, 1, 0));
            }
            return null;
        }
        parsers.get(type).parse(in, source, sink);
        return type;
    }

    /** Parses one stream record (a Kinesis record): a gzip or plain CloudWatch envelope, or a raw record. */
    public void parseRecord(byte[] data, SourceRef source, long position, ParseSink sink) {
        if (Inputs.isGzip(data)
                || CloudWatchEnvelope.looksLikeEnvelope(data, Math.min(data.length, TypeDetector.SNIFF_BYTES))) {
            CloudWatchEnvelope.parse(data, source, fixedType, parsers::get, sink);
            return;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            sink.deadLetter(DeadLetter.of(fixedType, "invalid_utf8: the record is not valid UTF-8", data, 0, data.length,
                    source, -1, position));
            return;
        }
        LogType type = fixedType != null ? fixedType : TypeDetector.detect(data, data.length).logType();
        if (type == null) {
            sink.deadLetter(DeadLetter.of(null, "unknown_type: cannot tell the log type of the record; configure the"
                    + " stream's type", data, 0, data.length, source, -1, position));
            return;
        }
        parsers.get(type).parseRecord(text, source, position, sink);
    }
}
