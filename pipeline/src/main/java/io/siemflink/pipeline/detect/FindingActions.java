package io.siemflink.pipeline.detect;

import io.siemflink.detect.Finding;
import io.siemflink.detect.FindingJson;
import io.siemflink.detect.window.Correlation;
import io.siemflink.detect.window.Signal;
import io.siemflink.parsers.event.Timestamp;
import io.siemflink.pipeline.sink.IndexAction;
import io.siemflink.pipeline.sink.IndexNames;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * A finding as a document for {@code siem-findings-*}, in the index of its last event's day; and, where asked,
 * what the cross-source rule needs of it ({@link Correlation#signals}) to the {@link #CORRELATION} side output.
 * Runs chained to the operator that made the finding, so a finding never crosses the network whole.
 */
public final class FindingActions extends ProcessFunction<Finding, IndexAction> {
    public static final OutputTag<Signal> CORRELATION = new OutputTag<>("correlation-signals",
            TypeInformation.of(Signal.class));

    private final IndexNames names;
    private final boolean correlate;

    /** @param correlate also emit the finding's correlation signals (not for the correlation's own findings) */
    public FindingActions(IndexNames names, boolean correlate) {
        this.names = names;
        this.correlate = correlate;
    }

    /** The index action alone (also what {@link #processElement} emits). */
    public IndexAction action(Finding f) {
        IndexAction a = new IndexAction(names.findings(Timestamp.ofEpochMilli(f.end)), f.id, FindingJson.toJson(f));
        a.logType = "finding";
        a.origin = "rule " + f.ruleId;
        return a;
    }

    @Override
    public void processElement(Finding f, Context ctx, Collector<IndexAction> out) {
        out.collect(action(f));
        if (correlate) {
            Correlation.signals(f, s -> ctx.output(CORRELATION, s));
        }
    }
}
