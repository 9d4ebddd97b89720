package io.siemflink.parsers;

import io.siemflink.parsers.cloudtrail.CloudTrailParser;
import io.siemflink.parsers.elb.ElbParser;
import io.siemflink.parsers.vpcflow.VpcFlowParser;
import java.util.EnumMap;
import java.util.Map;

/** The parser of each log type, built once per options. */
public final class Parsers {
    private final ParserOptions options;
    private final Map<LogType, LogParser> parsers = new EnumMap<>(LogType.class);

    public Parsers(ParserOptions options) {
        this.options = options;
        parsers.put(LogType.CLOUDTRAIL, new CloudTrailParser(options));
        parsers.put(LogType.VPCFLOW, new VpcFlowParser(options));
        parsers.put(LogType.ELB, new ElbParser(options));
    }

    public LogParser get(LogType type) {
        return parsers.get(type);
    }

    public ParserOptions options() {
        return options;
    }
}
