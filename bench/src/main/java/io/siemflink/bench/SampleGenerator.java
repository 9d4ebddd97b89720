package io.siemflink.bench;

import io.siemflink.parsers.LogType;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes realistic log files of one family, as AWS delivers them (uncompressed; callers gzip when they want):
 * deterministic for a seed so benchmark runs compare like with like.
 */
public interface SampleGenerator {
    LogType type();

    /** Writes one file holding exactly {@code records} records. */
    void write(OutputStream out, int records, long seed) throws IOException;
}
