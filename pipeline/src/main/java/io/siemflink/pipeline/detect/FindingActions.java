package io.siemflink.pipeline.detect;

import io.siemflink.detect.Finding;
import io.siemflink.detect.FindingJson;
import io.siemflink.parsers.event.Timestamp;
import io.siemflink.pipeline.sink.IndexAction;
import io.siemflink.pipeline.sink.IndexNames;
import org.apache.flink.api.common.functions.MapFunction;

/** A finding as a document for {@code siem-findings-*}, in the index of its last event's day. */
public final class FindingActions implements MapFunction<Finding, IndexAction> {
    private final IndexNames names;

    public FindingActions(IndexNames names) {
        this.names = names;
    }

    @Override
    public IndexAction map(Finding f) {
        IndexAction a = new IndexAction(names.findings(Timestamp.ofEpochMilli(f.end)), f.id, FindingJson.toJson(f));
        a.logType = "finding";
        a.origin = "rule " + f.ruleId;
        return a;
    }
}
