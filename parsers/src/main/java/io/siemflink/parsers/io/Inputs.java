package io.siemflink.parsers.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Opens raw bytes for parsing: gzip is detected by its magic bytes, not by a file name. */
public final class Inputs {
    public static final long NO_LIMIT = Long.MAX_VALUE;

    private Inputs() {
    }

    /** Plain or gzip (single or concatenated members) content, decompressed, with no size cap. */
    public static InputStream open(InputStream raw) throws IOException {
        return open(raw, NO_LIMIT);
    }

    /**
     * @param maxBytes cap on the decompressed bytes; reading past it fails with {@link CorruptInputException}
     *                 (a gzip bomb is bad data, not a reason to run out of memory or disk)
     */
    public static InputStream open(InputStream raw, long maxBytes) throws IOException {
        BufferedInputStream in = raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, 65536);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        InputStream content;
        if (b1 == 0x1f && b2 == 0x8b) {
            try {
                content = new GZIPInputStream(new HonestAvailable(in), 65536);
            } catch (EOFException | ZipException e) {
                throw new CorruptInputException("corrupt_gzip: " + e.getMessage(), e);
            }
        } else {
            content = in;
        }
        return new Guarded(content, maxBytes);
    }

    /** A stream that fails with {@code e} on every read: replays a break found while an object's head was read. */
    public static InputStream failing(CorruptInputException e) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                throw e;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw e;
            }
        };
    }

    public static boolean isGzip(byte[] b) {
        return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
    }

    /**
     * JDK 17's GZIPInputStream only reads the next member of a concatenated gzip file when {@code available()}
     * says more bytes are there; a network stream that answers 0 at a member boundary would silently lose the
     * rest of the object. This stream answers 0 only at the real end.
     */
    private static final class HonestAvailable extends java.io.PushbackInputStream {
        HonestAvailable(InputStream in) {
            super(in, 1);
        }

        @Override
        public int available() throws IOException {
            int a = super.available();
            if (a > 0) {
                return a;
            }
            int b = super.read();
            if (b < 0) {
                return 0;
            }
            unread(b);
            return 1;
        }
    }

    /** Maps decompression failures to {@link CorruptInputException} and enforces the size cap. */
    private static final class Guarded extends FilterInputStream {
        private final long max;
        private long count;

        Guarded(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (EOFException e) {
                throw new CorruptInputException("truncated_input: compressed data ended early (" + e.getMessage() + ")", e);
            } catch (ZipException e) {
                throw new CorruptInputException("corrupt_gzip: " + e.getMessage(), e);
            }
            if (n > 0) {
                count += n;
                if (count > max) {
                    throw new CorruptInputException("too_large: decompressed size exceeds the limit of " + max + " bytes");
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[8192];
            long left = n;
            while (left > 0) {
                int r = read(buf, 0, (int) Math.min(buf.length, left));
                if (r < 0) {
                    break;
                }
                left -= r;
            }
            return n - left;
        }
    }
}
