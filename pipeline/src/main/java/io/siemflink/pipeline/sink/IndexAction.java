package io.siemflink.pipeline.sink;

import java.io.Serializable;

/**
 * One document to index: target index, deterministic id, the JSON source, and what a dead letter needs if it
 * can never be indexed (the raw record and where it came from). A Flink POJO: public fields, no-arg constructor.
 */
public class IndexAction implements Serializable {
    private static final long serialVersionUID = 1L;

    public String index;
    public String id;
    public byte[] source;
    /** Log family id ({@code cloudtrail}, ...) or null. */
    public String logType;
    /** Where the record came from (S3 URI, file, stream). */
    public String origin;
    /** The raw record text, or null when the document itself is the best original we have. */
    public String original;
    /** True for dead-letter documents: their own failure is counted, not dead-lettered again. */
    public boolean deadLetter;

    public IndexAction() {
    }

    public IndexAction(String index, String id, byte[] source) {
        this.index = index;
        this.id = id;
        this.source = source;
    }

    public int sizeBytes() {
        return source.length + index.length() + (id == null ? 0 : id.length()) + 40;
    }

    @Override
    public String toString() {
        return "IndexAction[" + index + "/" + id + ", " + source.length + " bytes]";
    }
}
