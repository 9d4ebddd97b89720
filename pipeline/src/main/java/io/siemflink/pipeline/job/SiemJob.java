package io.siemflink.pipeline.job;

import io.siemflink.enrich.EnrichSettings;
import io.siemflink.pipeline.detect.DetectionGraph;
import io.siemflink.pipeline.model.ParseOutput;
import io.siemflink.pipeline.sink.IndexAction;
import io.siemflink.pipeline.sink.IndexNames;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.common.time.Time;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job graph: each source is chained with its batching ({@link BatchOutputs}), enrichment, conversion to index
 * actions and its own sink instance, so an event is never serialized between operators. Sources and sinks are
 * passed in.
 */
public final class SiemJob {
    private SiemJob() {
    }

    /** Job-wide runtime settings. */
    public record Settings(Duration checkpointInterval, int parallelism, IndexNames indexNames, EnrichSettings enrich,
                           MetricsExport metrics, BatchOutputs.Settings batching) {
        public Settings(Duration checkpointInterval, int parallelism, IndexNames indexNames) {
            this(checkpointInterval, parallelism, indexNames, EnrichSettings.none(), MetricsExport.LOCAL,
                    BatchOutputs.Settings.DEFAULTS);
        }
    }

    /** The job as configured: its sources, one OpenSearch sink per source. */
    public static List<DataStream<List<ParseOutput>>> fromConfig(StreamExecutionEnvironment env,
                                                                 io.siemflink.pipeline.config.PipelineConfig config) {
        Settings s = new Settings(config.checkpointInterval(), config.parallelism(), config.indexNames(), config.enrich(),
                config.metrics(), config.batching());
        configure(env, s);
        List<JobSource> sources = config.sources().stream().map(src -> Sources.create(src, config)).toList();
        Supplier<Sink<IndexAction>> sinks = () -> new io.siemflink.pipeline.sink.OpenSearchSink(config.opensearch(),
                config.bulk(), config.indexNames(), config.metrics());
        List<DataStream<List<ParseOutput>>> events = build(env, sources, sinks, s, config.detect().enabled());
        if (config.detect().enabled()) {
            DetectionGraph.attach(events, config.detect(), config.indexNames(), sinks.get(),
                    config.sources().stream().allMatch(io.siemflink.pipeline.config.SourceConfig::bounded), config.metrics());
        }
        return events;
    }

    /** Checkpointing for at-least-once delivery, patient restarts, and no silent Kryo fallback. */
    @SuppressWarnings("deprecation")
    public static void configure(StreamExecutionEnvironment env, Settings s) {
        env.enableCheckpointing(s.checkpointInterval().toMillis(), CheckpointingMode.AT_LEAST_ONCE);
        // OpenSearch down means the sink waits; checkpoints time out meanwhile and must not fail the job.
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(Integer.MAX_VALUE);
        env.getCheckpointConfig().setCheckpointTimeout(Math.max(60_000, s.checkpointInterval().toMillis() * 10));
        env.setRestartStrategy(RestartStrategies.exponentialDelayRestart(Time.seconds(1), Time.minutes(2), 2.0,
                Time.minutes(10), 0.1));
        execution(env.getConfig());
        if (s.parallelism() > 0) {
            env.setParallelism(s.parallelism());
        }
    }

    /**
     * No silent Kryo fallback, and object reuse: chained operators hand each other the record instead of a deep
     * copy of it (four copies of every event, a sixth of the detection graph's time). That is safe because every
     * operator emits objects it made, or hands on its input, and nothing changes a record once it is handed on:
     * {@link BatchOutputs} makes a new list for every batch, and enrichment, which changes events in place, runs
     * before anything else has seen them. Records that arrive over the network (keyed state holds those) are always
     * new objects: Flink's stream inputs never reuse on deserialisation.
     */
    public static void execution(ExecutionConfig config) {
        config.disableGenericTypes();
        config.enableObjectReuse();
    }

    /**
     * Adds every source with its pipeline to {@code env}.
     *
     * @return the event streams (side outputs, in batches) for detections to consume
     */
    public static List<DataStream<List<ParseOutput>>> build(StreamExecutionEnvironment env, List<JobSource> sources,
                                                            Supplier<Sink<IndexAction>> sinks, Settings s, boolean emitEvents) {
        return sources.stream().map(source -> {
            DataStream<ParseOutput> outputs = source.create(env);
            // the source's name: the operators' uids and names derive from it, so two sources' metrics stay apart
            String name = outputs.getTransformation().getName();
            DataStream<List<ParseOutput>> parsed = BatchOutputs.of(outputs, name, s.batching());
            if (s.enrich().enabled()) {
                parsed = parsed.map(new EnrichEvents(s.enrich(), s.metrics()), BatchOutputs.TYPE)
                        .name(name + "-enrich").uid(name + "-enrich");
            }
            SingleOutputStreamOperator<IndexAction> actions = parsed
                    .process(new ToIndexActions(s.indexNames(), emitEvents, s.metrics()), TypeExtractor.getForClass(IndexAction.class))
                    .name(name + "-to-index-actions").uid(name + "-to-index-actions");
            actions.sinkTo(sinks.get()).name(name + "-opensearch").uid(name + "-opensearch");
            return (DataStream<List<ParseOutput>>) actions.getSideOutput(ToIndexActions.EVENTS);
        }).toList();
    }
}
