package io.siemflink.parsers.vpcflow;

import io.siemflink.parsers.LogParser;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.SourceRef;
import java.io.InputStream;

/** Placeholder until the parser lands; fails loudly rather than dropping input. */
public final class VpcFlowParser implements LogParser {
    public VpcFlowParser(ParserOptions options) {
    }

    @Override
    public LogType type() {
        return LogType.VPCFLOW;
    }

    @Override
    public void parse(InputStream in, SourceRef source, ParseSink sink) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void parseRecord(String record, SourceRef source, long position, ParseSink sink) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
