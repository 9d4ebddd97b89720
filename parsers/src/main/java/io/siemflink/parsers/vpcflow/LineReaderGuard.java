package io.siemflink.parsers.vpcflow;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Works around a bug in the shared {@code LineReader}: when it compacts its buffer it keeps the pre-compaction
 * scan index, so the newlines in the next read's first bytes are skipped and lines merge (5000 lines of 60
 * bytes come out as about 2200). After every read that returned data, this stream answers the next read with
 * 0 bytes; the reader then re-synchronises its scan index with the (compacted) buffer before new bytes
 * arrive. Harmless once the reader is fixed (a 0-byte read only costs a loop turn); remove it then.
 */
final class LineReaderGuard extends FilterInputStream {
    private boolean pause;

    LineReaderGuard(InputStream in) {
        super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pause) {
            pause = false;
            return 0;
        }
        int n = in.read(b, off, len);
        pause = n > 0;
        return n;
    }

    @Override
    public int read() throws IOException {
        pause = false;
        return in.read();
    }
}
