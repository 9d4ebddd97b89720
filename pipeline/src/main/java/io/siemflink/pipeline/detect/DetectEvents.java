package io.siemflink.pipeline.detect;

import io.siemflink.detect.EventDetector;
import io.siemflink.detect.Finding;
import io.siemflink.detect.window.BuiltinRules;
import io.siemflink.detect.window.Signal;
import io.siemflink.detect.window.SignalExtraction;
import io.siemflink.parsers.event.Event;
import io.siemflink.pipeline.config.DetectConfig;
import io.siemflink.pipeline.job.MetricsExport;
import io.siemflink.pipeline.model.ParseOutput;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per event: the Sigma rules (findings out) and the windowed rules' signal extraction (signals to a side
 * output, to be keyed by entity). Chained to the source, so events are never serialized for detection; only
 * signals, which are small, cross the network. A batch at a time, step by step: the Sigma rules over every event
 * of the batch, then extraction over every event (see {@link io.siemflink.pipeline.job.BatchOutputs}). A rule
 * that throws on one event is counted, never fatal.
 */
public final class DetectEvents extends ProcessFunction<List<ParseOutput>, Finding> {
    public static final OutputTag<Signal> SIGNALS = new OutputTag<>("signals", TypeInformation.of(Signal.class));

    private final DetectConfig config;
    private transient EventDetector perEvent;
    private transient SignalExtraction extraction;
    private transient Counter findings;
    private transient Counter signals;
    private transient Counter errors;
    /** The current element's outputs, behind consumers made once (not two lambdas per event). */
    private transient Collector<Finding> currentOut;
    private transient Context currentCtx;
    private transient Consumer<Finding> findingOut;
    private transient Consumer<Signal> signalOut;
    private transient Consumer<RuntimeException> ruleError;

    private final MetricsExport metricsExport;

    public DetectEvents(DetectConfig config) {
        this(config, MetricsExport.LOCAL);
    }

    public DetectEvents(DetectConfig config, MetricsExport metricsExport) {
        this.config = config;
        this.metricsExport = metricsExport;
    }

    @Override
    public void open(OpenContext ctx) {
        perEvent = PerEventDetectors.create(config);
        extraction = BuiltinRules.extraction(config.builtin());
        var group = metricsExport.on(getRuntimeContext().getMetricGroup()).addGroup("siem").addGroup("detect");
        findings = group.counter("sigmaFindings");
        signals = group.counter("signals");
        errors = group.counter("ruleErrors");
        findingOut = f -> {
            findings.inc();
            currentOut.collect(f);
        };
        signalOut = s -> {
            signals.inc();
            currentCtx.output(SIGNALS, s);
        };
        ruleError = ex -> errors.inc();
    }

    @Override
    public void processElement(List<ParseOutput> batch, Context ctx, Collector<Finding> out) {
        currentOut = out;
        currentCtx = ctx;
        int n = batch.size();
        if (perEvent != null) {
            for (int i = 0; i < n; i++) {
                Event e = batch.get(i).event();
                if (e != null) {
                    try {
                        perEvent.evaluate(e, findingOut);
                    } catch (RuntimeException ex) {
                        errors.inc();
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            Event e = batch.get(i).event();
            if (e != null) {
                extraction.extract(e, signalOut, ruleError);
            }
        }
    }
}
