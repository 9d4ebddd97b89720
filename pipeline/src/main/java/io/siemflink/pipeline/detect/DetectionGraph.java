package io.siemflink.pipeline.detect;

import io.siemflink.detect.Finding;
import io.siemflink.detect.window.Signal;
import io.siemflink.parsers.event.Event;
import io.siemflink.pipeline.config.DetectConfig;
import io.siemflink.pipeline.job.MetricsExport;
import io.siemflink.pipeline.model.ParseOutput;
import io.siemflink.pipeline.sink.IndexAction;
import io.siemflink.pipeline.sink.IndexNames;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Detection on the events of all sources: event time from each event's {@code @timestamp} with bounded
 * out-of-orderness, per-event rules and signal extraction chained to the sources, windowed rules keyed by rule
 * and entity, correlation keyed by entity over every finding, and all findings to the findings index (each
 * turned into its document by the task that made it).
 */
public final class DetectionGraph {
    private DetectionGraph() {
    }

    /**
     * Adds detection to the job; returns the stream of every finding (for tests and other sinks).
     *
     * @param boundedInput every source ends (a backfill): no watermarks until the end of the input, so every
     *                     signal is evaluated in order once all are read and the findings are exactly those of
     *                     {@code siem detect}, however the readers interleaved objects of the same hours
     */
    public static DataStream<Finding> attach(List<DataStream<List<ParseOutput>>> events, DetectConfig config,
                                             IndexNames names, Sink<IndexAction> findingsSink, boolean boundedInput) {
        return attach(events, config, names, findingsSink, boundedInput, MetricsExport.LOCAL);
    }

    /** {@link #attach} with the job's own metrics also registered for CloudWatch as {@code metrics} says. */
    public static DataStream<Finding> attach(List<DataStream<List<ParseOutput>>> events, DetectConfig config,
                                             IndexNames names, Sink<IndexAction> findingsSink, boolean boundedInput,
                                             MetricsExport metrics) {
        Duration ooo = config.builtin().outOfOrderness();
        TypeInformation<Finding> findingType = TypeInformation.of(Finding.class);

        // One event-time operator over all sources: per subtask, the watermark trails the latest event of any
        // source, so a source that lags has its signals judged late (counted) instead of holding every window back
        // while live signals pile up in keyed state. The price: with two or more sources the union ends the
        // sources' chains and their batches cross to this task (docs/DETECTIONS.md, event time).
        DataStream<List<ParseOutput>> all = events.get(0);
        for (int i = 1; i < events.size(); i++) {
            all = all.union(events.get(i));
        }
        // Streaming: watermarks trail the latest event time; idle sources (a quiet Kinesis shard, a reader
        // without a split) must not hold event time back.
        // A batch's time is its latest event's (batchTime): the watermark trails the latest event time as it would
        // record by record, and passes a batch only after all of the batch's signals.
        WatermarkStrategy<List<ParseOutput>> strategy = boundedInput ? WatermarkStrategy.noWatermarks()
                : WatermarkStrategy.<List<ParseOutput>>forBoundedOutOfOrderness(ooo).withIdleness(Duration.ofMinutes(1));
        DataStream<List<ParseOutput>> timed = all.assignTimestampsAndWatermarks(strategy.withTimestampAssigner(
                        (batch, recordTime) -> batchTime(batch, recordTime)))
                .name("event-time").uid("detect-event-time");

        SingleOutputStreamOperator<Finding> perEvent = timed.process(new DetectEvents(config, metrics), findingType)
                .name("detect-per-event").uid("detect-per-event");
        SingleOutputStreamOperator<Finding> windowed = perEvent.getSideOutput(DetectEvents.SIGNALS)
                .keyBy(Signal::partitionKey)
                .process(new OrderedWindows(config.builtin(), metrics), findingType)
                .name("detect-windows").uid("detect-windows");
        // Each finding becomes its document where it is made, and only what the correlation needs of it (a small
        // signal per entity) goes on over the network: sent on whole, a per-event finding was serialised twice.
        TypeInformation<IndexAction> actionType = TypeInformation.of(IndexAction.class);
        SingleOutputStreamOperator<IndexAction> perEventActions = perEvent
                .process(new FindingActions(names, true), actionType)
                .name("finding-actions").uid("detect-finding-actions");
        SingleOutputStreamOperator<IndexAction> windowedActions = windowed
                .process(new FindingActions(names, true), actionType)
                .name("windowed-finding-actions").uid("detect-windowed-finding-actions");
        SingleOutputStreamOperator<Finding> correlated = perEventActions.getSideOutput(FindingActions.CORRELATION)
                .union(windowedActions.getSideOutput(FindingActions.CORRELATION))
                .keyBy(Signal::partitionKey)
                .process(new OrderedWindows(config.builtin(), metrics), findingType)
                .name("detect-correlation").uid("detect-correlation");
        DataStream<IndexAction> correlatedActions = correlated.process(new FindingActions(names, false), actionType)
                .name("correlation-finding-actions").uid("detect-correlation-finding-actions");
        // Per-event findings (most of them) are indexed from the task that made them; the few windowed and
        // correlated ones share a second writer.
        perEventActions.sinkTo(findingsSink).name("opensearch-findings").uid("detect-opensearch-findings");
        windowedActions.union(correlatedActions).sinkTo(findingsSink)
                .name("opensearch-stateful-findings").uid("detect-opensearch-stateful-findings");
        return perEvent.union(windowed, correlated);
    }

    /**
     * The latest {@code @timestamp} of the batch's events; only when none has one, the record's own time. That is a
     * Kinesis record's arrival time, which must not stand in for the events' time when they have one: with a
     * delivery lag beyond the out-of-orderness, the watermark would run ahead of the events and make them late.
     */
    static long batchTime(List<ParseOutput> batch, long recordTime) {
        long t = Long.MIN_VALUE;
        for (int i = 0, n = batch.size(); i < n; i++) {
            Event e = batch.get(i).event();
            if (e != null && e.timestamp() != null) {
                t = Math.max(t, e.timestamp().toEpochMilli());
            }
        }
        return t == Long.MIN_VALUE ? recordTime : t;
    }
}
