package io.siemflink.parsers.cloudtrail;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Passes a stream through to the JSON parser while keeping the bytes from a moving mark onwards, so that the raw
 * text of each record (for {@code event.original}, dead letters and ids) can be cut out by the parser's byte
 * offsets without buffering the whole file. Memory stays at about one record plus the parser's read-ahead.
 *
 * <p>A record longer than {@code maxRecordBytes} is not kept whole: its head is saved for the dead letter and
 * only a tail of {@link #TAIL} bytes (more than the parser reads ahead) is kept, so that the next record's start is
 * still there. A hostile 2 GB record costs the same memory as a 1 MB one.
 */
final class RecordingInput extends InputStream implements ByteWindow {
    /** Bytes kept of an overlong record: far more than Jackson's read-ahead (8000 bytes). */
    static final int TAIL = 64 * 1024;

    private final InputStream in;
    private final long maxKeep;
    private byte[] buf = new byte[64 * 1024];
    private long base; // stream offset of buf[0]
    private int len;
    private long keepFrom;
    private long overflowFrom = -1; // keepFrom of the record that outgrew maxKeep
    private byte[] overflowHead;

    RecordingInput(InputStream in, long maxRecordBytes) {
        this.in = in;
        this.maxKeep = maxRecordBytes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int n) throws IOException {
        int r = in.read(b, off, n);
        if (r > 0) {
            append(b, off, r);
        }
        return r;
    }

    private void append(byte[] b, int off, int n) {
        int drop = (int) Math.min(len, Math.max(0, keepFrom - base));
        if (drop > 0 && (len + n > buf.length || drop >= buf.length / 2)) {
            System.arraycopy(buf, drop, buf, 0, len - drop);
            len -= drop;
            base += drop;
        }
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        System.arraycopy(b, off, buf, len, n);
        len += n;
        if (base + len - keepFrom > maxKeep + TAIL) { // past the cap by more than any read-ahead
            if (overflowFrom != keepFrom) {
                overflowFrom = keepFrom;
                int from = (int) Math.max(0, keepFrom - base);
                overflowHead = Arrays.copyOfRange(buf, from, from + (int) Math.min(len - from,
                        io.siemflink.parsers.DeadLetter.MAX_ORIGINAL_BYTES));
            }
            int cut = len - TAIL;
            if (cut > 0) {
                System.arraycopy(buf, cut, buf, 0, TAIL);
                len = TAIL;
                base += cut;
            }
        }
    }

    @Override
    public byte[] overflowHead(long start) {
        return start == overflowFrom ? overflowHead : null;
    }

    /** Bytes read from the stream so far (kept or not). */
    long position() {
        return base + len;
    }

    /** The underlying stream, for draining what is left after a fatal syntax error. */
    InputStream source() {
        return in;
    }

    @Override
    public void keepFrom(long offset) {
        keepFrom = Math.max(keepFrom, offset);
    }

    @Override
    public byte[] array() {
        return buf;
    }

    @Override
    public int index(long offset) {
        return (int) Math.max(0, offset - base); // before base: the dropped middle of an overlong record
    }

    @Override
    public int end() {
        return len;
    }
}
