package io.siemflink.parsers;

import java.io.IOException;
import java.io.InputStream;

/**
 * One parser per log family. Implementations are thread-safe and keep no state between calls; per-input state
 * (a VPC header line) lives inside one {@link #parse} call.
 */
public interface LogParser {
    LogType type();

    /**
     * Reads every record of one delivered unit (an S3 object, a file, stdin), already decompressed. Bad records
     * and corrupt input become dead letters; records before a corruption still come out.
     *
     * @throws IOException only when reading the stream fails for a reason other than corrupt data (a network
     *                     error worth a retry)
     */
    void parse(InputStream in, SourceRef source, ParseSink sink) throws IOException;

    /**
     * One record that arrived on its own (a Kinesis record, a CloudWatch Logs event message).
     *
     * @param position the record's number within its carrier, kept on the event and dead letter
     */
    void parseRecord(String record, SourceRef source, long position, ParseSink sink);
}
