package io.siemflink.pipeline.job;

import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.EventJson;
import io.siemflink.parsers.event.JsonBuffer;
import io.siemflink.parsers.event.Timestamp;
import io.siemflink.pipeline.model.ParseOutput;
import io.siemflink.pipeline.sink.DeadLetterDocs;
import io.siemflink.pipeline.sink.IndexAction;
import io.siemflink.pipeline.sink.IndexNames;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns each source output of a batch into what the sink indexes: an event into its document (index from event
 * time, deterministic id), a parse dead letter into a dead-letter document; a skip is only counted. The batch then
 * goes to a side output for detection (which reads its events). Counters per type and reason make "read = indexed +
 * dead-lettered + skipped" visible, as metrics while running and as accumulators in a bounded run's result.
 *
 * <p>The four totals behind the accumulators are kept in checkpoints: after a restore (failure, savepoint, another
 * parallelism) they continue from the checkpoint, where the sources continue too, so a job's totals stay exact over
 * its whole life, replays counted once.
 */
public final class ToIndexActions extends ProcessFunction<List<ParseOutput>, IndexAction> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<List<ParseOutput>> EVENTS = new OutputTag<>("events", BatchOutputs.TYPE);
    public static final String ACC_READ = "records-read";
    public static final String ACC_EVENTS = "events";
    public static final String ACC_DEAD_LETTERS = "parse-dead-letters";
    public static final String ACC_SKIPPED = "skipped";

    private final IndexNames names;
    private final boolean emitEvents;
    private transient DeadLetterDocs deadLetterDocs;
    private transient JsonBuffer buffer;
    private transient Map<LogType, Counter> eventCounters;
    private transient Map<String, Counter> deadLetterCounters;
    private transient Map<String, Counter> skipCounters;
    private final MetricsExport metricsExport;
    private transient MetricsExport.Registrar metrics;
    private transient LongCounter read;
    private transient LongCounter events;
    private transient LongCounter deadLetters;
    private transient LongCounter skipped;
    private transient ListState<long[]> totals;
    private transient long[] restored;

    /** @param emitEvents also emit every event to the {@link #EVENTS} side output (for detections) */
    public ToIndexActions(IndexNames names, boolean emitEvents) {
        this(names, emitEvents, MetricsExport.LOCAL);
    }

    public ToIndexActions(IndexNames names, boolean emitEvents, MetricsExport metricsExport) {
        this.names = names;
        this.emitEvents = emitEvents;
        this.metricsExport = metricsExport;
    }

    @Override
    public void open(Configuration parameters) {
        deadLetterDocs = new DeadLetterDocs(names);
        buffer = new JsonBuffer(16 * 1024);
        metrics = metricsExport.on(getRuntimeContext().getMetricGroup()).addGroup("siem");
        eventCounters = new EnumMap<>(LogType.class);
        for (LogType t : LogType.values()) {
            eventCounters.put(t, metrics.addGroup("type", t.id()).counter("events"));
        }
        deadLetterCounters = new HashMap<>();
        skipCounters = new HashMap<>();
        read = getRuntimeContext().getLongCounter(ACC_READ);
        events = getRuntimeContext().getLongCounter(ACC_EVENTS);
        deadLetters = getRuntimeContext().getLongCounter(ACC_DEAD_LETTERS);
        skipped = getRuntimeContext().getLongCounter(ACC_SKIPPED);
        if (restored != null) {
            read.add(restored[0]);
            events.add(restored[1]);
            deadLetters.add(restored[2]);
            skipped.add(restored[3]);
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        totals = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("siem-totals", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        if (context.isRestored()) {
            // After rescaling a subtask may get several entries (or none): the job-wide sums stay the same.
            restored = new long[4];
            for (long[] t : totals.get()) {
                for (int i = 0; i < 4; i++) {
                    restored[i] += t[i];
                }
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        totals.update(List.of(new long[] {read.getLocalValuePrimitive(), events.getLocalValuePrimitive(),
                deadLetters.getLocalValuePrimitive(), skipped.getLocalValuePrimitive()}));
    }

    @Override
    public void processElement(List<ParseOutput> batch, Context ctx, Collector<IndexAction> out) {
        long now = ctx.timerService().currentProcessingTime();
        boolean anyEvent = false;
        for (int i = 0, n = batch.size(); i < n; i++) {
            anyEvent |= convert(batch.get(i), now, out);
        }
        if (emitEvents && anyEvent) {
            ctx.output(EVENTS, batch);
        }
    }

    /** @return whether {@code o} is an event */
    private boolean convert(ParseOutput o, long now, Collector<IndexAction> out) {
        read.add(1);
        Event e = o.event();
        if (e != null) {
            events.add(1);
            eventCounters.get(e.type()).inc();
            Timestamp t = e.timestamp();
            buffer.reset();
            EventJson.write(e, buffer);
            IndexAction a = new IndexAction(names.events(e.type(), t != null ? t : Timestamp.ofEpochMilli(now)), e.id(),
                    buffer.toByteArray());
            a.logType = e.type().id();
            a.original = e.original();
            out.collect(a);
            return true;
        }
        DeadLetter d = o.deadLetter();
        if (d != null) {
            deadLetters.add(1);
            deadLetterCounters.computeIfAbsent(d.reasonCode(), r -> metrics.addGroup("deadletter", r).counter("records")).inc();
            out.collect(deadLetterDocs.fromParse(d, now));
            return false;
        }
        Skip s = o.skip();
        skipped.add(1);
        skipCounters.computeIfAbsent(s.reason(), r -> metrics.addGroup("skipped", r).counter("records")).inc();
        return false;
    }
}
