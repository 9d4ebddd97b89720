package io.siemflink.parsers.cloudtrail;

/** Bytes the JSON parser has read, addressable by the parser's byte offsets. */
interface ByteWindow {
    /** Bytes before this offset are no longer needed. */
    void keepFrom(long offset);

    byte[] array();

    /** Index in {@link #array()} of a parser byte offset at or after the last {@link #keepFrom}. */
    int index(long offset);

    /** Index just past the last byte read so far. */
    int end();

    /**
     * The first bytes of the record starting at {@code start} when that record outgrew what the window keeps (its
     * middle was dropped to bound memory), else null.
     */
    default byte[] overflowHead(long start) {
        return null;
    }

    /** A window over a byte range that is wholly in memory (one line, one Kinesis record). */
    static ByteWindow of(byte[] b, int off, int len) {
        return new ByteWindow() {
            @Override
            public void keepFrom(long offset) {
            }

            @Override
            public byte[] array() {
                return b;
            }

            @Override
            public int index(long offset) {
                return off + (int) offset;
            }

            @Override
            public int end() {
                return off + len;
            }
        };
    }
}
