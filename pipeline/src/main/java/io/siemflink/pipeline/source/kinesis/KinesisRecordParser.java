package io.siemflink.pipeline.source.kinesis;

import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.Dispatcher;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Parsers;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.Timestamp;
import io.siemflink.pipeline.job.MetricsExport;
import io.siemflink.pipeline.model.ParseOutput;
import io.siemflink.pipeline.model.ParseOutputTypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kinesis.source.serialization.KinesisDeserializationSchema;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Record;
import org.apache.flink.util.Collector;

/**
 * Turns one Kinesis record into its events, dead letters and skips: a raw line or JSON event of the stream's log
 * type, or a (gzip) CloudWatch Logs subscription envelope that fans out into its log events.
 *
 * <p>Never throws for bad data: a record a parser chokes on becomes one dead letter holding the whole record, so a
 * poison record cannot stop the shard, and every record still ends in exactly one place.
 */
public final class KinesisRecordParser implements KinesisDeserializationSchema<ParseOutput> {
    private static final long serialVersionUID = 1L;

    /** The KPL aggregation magic number: such records hold many user records in protobuf, which we do not unpack. */
    private static final byte[] KPL_MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};

    private final LogType logType;
    // ParserOptions is not Serializable (the parsers module knows nothing of Flink): keep its parts.
    private final String vpcFormat;
    private final int maxRecordBytes;
    private final int maxParameterChars;
    private final boolean keepOriginal;

    private final MetricsExport metrics;

    private transient Dispatcher dispatcher;
    private transient Buffer buffer;
    /**
     * Source lag, read by the metric reporters: how long the newest record read had waited in the stream when it
     * was read, and its newest event's time (0 before the first).
     */
    private transient volatile long readLagMillis;
    private transient volatile long lastEventMillis;
    /** The current record's collector and newest event time, behind a consumer made once. */
    private transient Collector<ParseOutput> current;
    private transient long recordEventMillis;
    private transient Consumer<ParseOutput> emit;

    /**
     * @param logType the type of every record on the stream, or null to detect it per record (per envelope)
     * @param options parser knobs
     */
    public KinesisRecordParser(LogType logType, ParserOptions options) {
        this(logType, options, MetricsExport.LOCAL);
    }

    /** @param metrics where the lag gauges go besides Flink's reporters */
    public KinesisRecordParser(LogType logType, ParserOptions options, MetricsExport metrics) {
        this.metrics = metrics;
        this.logType = logType;
        this.vpcFormat = options.vpcFormat();
        this.maxRecordBytes = options.maxRecordBytes();
        this.maxParameterChars = options.maxParameterChars();
        this.keepOriginal = options.keepOriginal();
    }

    public LogType logType() {
        return logType;
    }

    public ParserOptions parserOptions() {
        return new ParserOptions(vpcFormat, maxRecordBytes, maxParameterChars, keepOriginal);
    }

    /**
     * Registers the source's lag (the 4.3 connector has no metric of its own for it): {@code readLagMs}, how long
     * the newest record read had waited in the stream when it was read (per reader; like CloudWatch's
     * {@code GetRecords.IteratorAgeMilliseconds} it stays low on a quiet stream that is read as it comes), and
     * {@code eventTimeLagMs}, how old the newest event read is now, as the S3 reader reports it. Both 0 until a
     * record is read.
     */
    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        init();
        MetricsExport.Registrar group = metrics.on(context.getMetricGroup());
        group.gauge("readLagMs", (Gauge<Long>) () -> Math.max(0L, readLagMillis));
        group.gauge("eventTimeLagMs", (Gauge<Long>) () -> lag(lastEventMillis));
    }

    private static long lag(long millis) {
        return millis <= 0 ? 0L : Math.max(0L, System.currentTimeMillis() - millis);
    }

    private void init() {
        dispatcher = new Dispatcher(new Parsers(parserOptions()), logType);
        buffer = new Buffer();
        emit = o -> {
            Event e = o.event();
            Timestamp t = e != null ? e.timestamp() : null;
            if (t != null) {
                recordEventMillis = Math.max(recordEventMillis, t.toEpochMilli());
            }
            current.collect(o);
        };
    }

    @Override
    public void deserialize(Record record, String stream, String shardId, Collector<ParseOutput> output) {
        if (emit == null) {
            init();
        }
        byte[] data = record.data() == null ? new byte[0] : record.data().asByteArrayUnsafe();
        current = output;
        recordEventMillis = 0;
        try {
            parse(data, stream, shardId, record.sequenceNumber(), emit);
        } finally {
            current = null;
        }
        if (record.approximateArrivalTimestamp() != null) {
            readLagMillis = System.currentTimeMillis() - record.approximateArrivalTimestamp().toEpochMilli();
        }
        if (recordEventMillis > 0) {
            lastEventMillis = recordEventMillis;
        }
    }

    /**
     * Parses one record's bytes and hands each output to {@code out}, in order.
     *
     * @param stream the stream ARN (as the connector passes it) or name
     */
    public void parse(byte[] data, String stream, String shardId, String sequenceNumber, Consumer<ParseOutput> out) {
        if (dispatcher == null) {
            init(); // used outside a Flink source (tests, tools): open() was never called
        }
        SourceRef source = SourceRef.of(sourceName(stream, shardId, sequenceNumber));
        if (startsWith(data, KPL_MAGIC)) {
            out.accept(ParseOutput.of(DeadLetter.of(logType, "kpl_aggregated: KPL-aggregated records are not"
                    + " de-aggregated; produce plain records", data, 0, data.length, source, -1, 0)));
            return;
        }
        parseGuarded(data, source, sink -> dispatcher.parseRecord(data, source, 0, sink), out);
    }

    /** One parse of one record, as a function of the sink it writes to. */
    interface RecordParse {
        void parse(ParseSink sink);
    }

    /**
     * Runs {@code parse} and passes its outputs on. They are held until the record is fully parsed, so that a parser
     * failure half way through an envelope replaces the record's partial output with one dead letter instead of
     * emitting both (a replay would otherwise index half an envelope and dead-letter all of it).
     */
    void parseGuarded(byte[] data, SourceRef source, RecordParse parse, Consumer<ParseOutput> out) {
        if (buffer == null) {
            init();
        }
        List<ParseOutput> outputs = buffer.outputs;
        outputs.clear();
        try {
            parse.parse(buffer);
        } catch (RuntimeException e) {
            outputs.clear();
            outputs.add(ParseOutput.of(DeadLetter.of(logType, "parser_error: " + e, data, 0, data.length, source,
                    -1, 0)));
        }
        try {
            for (ParseOutput o : outputs) {
                out.accept(o);
            }
        } finally {
            outputs.clear();
        }
    }

    /** {@code kinesis://<stream name>/<shard id>/<sequence number>}: names the exact record for dead letters. */
    static String sourceName(String stream, String shardId, String sequenceNumber) {
        return "kinesis://" + streamName(stream) + "/" + shardId + "/" + sequenceNumber;
    }

    /** The name of {@code arn:aws:kinesis:region:account:stream/NAME}; a plain name is returned as is. */
    static String streamName(String streamArnOrName) {
        if (streamArnOrName == null) {
            return "unknown";
        }
        int i = streamArnOrName.lastIndexOf(":stream/");
        return i < 0 ? streamArnOrName : streamArnOrName.substring(i + ":stream/".length());
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public TypeInformation<ParseOutput> getProducedType() {
        return ParseOutputTypeInfo.INSTANCE;
    }

    private static final class Buffer implements ParseSink {
        final List<ParseOutput> outputs = new ArrayList<>();

        @Override
        public void event(Event event) {
            outputs.add(ParseOutput.of(event));
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            outputs.add(ParseOutput.of(deadLetter));
        }

        @Override
        public void skipped(Skip skip) {
            outputs.add(ParseOutput.of(skip));
        }
    }
}
