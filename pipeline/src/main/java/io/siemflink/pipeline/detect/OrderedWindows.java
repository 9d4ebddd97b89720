package io.siemflink.pipeline.detect;

import io.siemflink.detect.Finding;
import io.siemflink.detect.window.BuiltinRules;
import io.siemflink.detect.window.DetectionSettings;
import io.siemflink.detect.window.EntityState;
import io.siemflink.detect.window.GroupWindow;
import io.siemflink.detect.window.KeyWindow;
import io.siemflink.detect.window.Signal;
import io.siemflink.detect.window.WindowEvaluator;
import io.siemflink.pipeline.job.MetricsExport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The windowed rules for one rule and entity (the key), or for one entity of a {@link
 * io.siemflink.detect.window.SignalGroup} (all its members' windows in one state). Signals wait in state until the
 * watermark passes their time, then go to the {@link WindowEvaluator} in {@link Signal#ORDER}: one event-time
 * timer per distinct timestamp, so each signal is handled once, in order, whatever order the sources delivered them
 * in. That is what makes a replay produce the same findings (and ids) as the first run, and what the batch runner of
 * {@code siem detect} reproduces.
 *
 * <p>State is bounded by timers: after its last signal, an entity's window is dropped once the rule's window has
 * passed in event time (rounded up to the minute). A signal older than the watermark (later than the allowed
 * out-of-orderness) is still evaluated, at once, and counted as late.
 */
public final class OrderedWindows extends KeyedProcessFunction<String, Signal, Finding> {
    private final DetectionSettings settings;
    private transient WindowEvaluator evaluator;
    private transient MapState<Long, List<Signal>> pending;
    private transient ValueState<KeyWindow> window;
    /** For the keys of a {@link io.siemflink.detect.window.SignalGroup}: every member's window of the entity. */
    private transient ValueState<GroupWindow> group;
    private transient Counter late;
    private transient Counter produced;

    private final MetricsExport metricsExport;

    public OrderedWindows(DetectionSettings settings) {
        this(settings, MetricsExport.LOCAL);
    }

    public OrderedWindows(DetectionSettings settings, MetricsExport metricsExport) {
        this.settings = settings;
        this.metricsExport = metricsExport;
    }

    @Override
    public void open(OpenContext ctx) {
        evaluator = BuiltinRules.evaluator(settings);
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG,
                Types.LIST(TypeInformation.of(Signal.class))));
        window = getRuntimeContext().getState(new ValueStateDescriptor<>("window", TypeInformation.of(KeyWindow.class)));
        group = getRuntimeContext().getState(new ValueStateDescriptor<>("group", TypeInformation.of(GroupWindow.class)));
        var metrics = metricsExport.on(getRuntimeContext().getMetricGroup()).addGroup("siem").addGroup("detect");
        late = metrics.counter("lateSignals");
        produced = metrics.counter("windowFindings");
    }

    @Override
    public void processElement(Signal s, Context ctx, Collector<Finding> out) throws Exception {
        if (s.time <= ctx.timerService().currentWatermark()) {
            late.inc();
        }
        List<Signal> bucket = pending.get(s.time);
        if (bucket == null) {
            bucket = new ArrayList<>(2);
            ctx.timerService().registerEventTimeTimer(s.time);
        }
        bucket.add(s);
        pending.put(s.time, bucket);
    }

    /**
     * Clean-up timers are rounded up to the next whole {@value #CLEANUP_GRANULARITY_MS} ms: Flink keeps one timer per
     * key and time, so a busy entity (a NAT gateway's egress, a signal every second) has one pending clean-up per
     * minute of its window instead of one per evaluation, each of which fired only to find the state still in use.
     * The state lives at most that much longer.
     */
    static final long CLEANUP_GRANULARITY_MS = 60_000;

    static long cleanupTime(long due) {
        long r = Math.floorMod(due, CLEANUP_GRANULARITY_MS);
        return r == 0 || due > Long.MAX_VALUE - CLEANUP_GRANULARITY_MS ? due : due - r + CLEANUP_GRANULARITY_MS;
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Finding> out) throws Exception {
        String key = ctx.getCurrentKey();
        String rule = key.substring(0, key.indexOf('\u0000'));
        ValueState<EntityState> state = stateOf(rule);
        List<Signal> bucket = pending.get(ts);
        if (bucket != null) {
            pending.remove(ts);
            bucket.sort(Signal.ORDER);
            Consumer<Finding> emit = f -> {
                produced.inc();
                out.collect(f);
            };
            EntityState st = state.value();
            if (st == null) {
                st = evaluator.newState(rule);
            }
            for (Signal s : bucket) {
                evaluator.onSignal(st, s, emit);
            }
            state.update(st);
            ctx.timerService().registerEventTimeTimer(cleanupTime(st.lastTime() + evaluator.retentionMillis(rule) + 1));
            return;
        }
        // A clean-up timer: drop the state once nothing in it can matter any more.
        EntityState st = state.value();
        if (st != null && ts > st.lastTime() + evaluator.retentionMillis(rule) && pending.isEmpty()) {
            state.clear();
        }
    }

    /**
     * The state a key of {@code rule} keeps: a group's in {@code group}, a single rule's window in {@code window}
     * (two states, as savepoints have them). Each holds the kind {@link WindowEvaluator#newState} makes for the rule,
     * so the cast is safe.
     */
    @SuppressWarnings("unchecked")
    private ValueState<EntityState> stateOf(String rule) {
        return (ValueState<EntityState>) (ValueState<?>) (evaluator.grouped(rule) ? group : window);
    }
}
