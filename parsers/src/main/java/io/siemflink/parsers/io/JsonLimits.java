package io.siemflink.parsers.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * Jackson read limits for input we do not trust, set explicitly instead of relying on a library's defaults
 * (which change between versions; 2.21 has no document-length limit and allows 1000 levels). Documented in
 * docs/CONFIG.md ("Hostile input"). A value over a limit is a JSON error, so it becomes a dead letter.
 */
public final class JsonLimits {
    /** Real CloudTrail records nest well under 20 levels (policies in parameters included). */
    public static final int MAX_NESTING_DEPTH = 100;
    /** Field names: AWS's own are short; user-chosen keys in parameters (tags, metadata) stay far below this. */
    public static final int MAX_NAME_LENGTH = 16 * 1024;
    /** Digits of one number: a long has 19, a double's text a few more; long runs only cost parse time. */
    public static final int MAX_NUMBER_LENGTH = 256;

    private JsonLimits() {
    }

    /**
     * @param maxStringLength   longest string value materialised, in chars: bounds the memory of one value
     * @param maxDocumentLength longest input in bytes, or -1 for a stream whose records are bounded otherwise
     */
    public static StreamReadConstraints constraints(int maxStringLength, long maxDocumentLength) {
        return StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxStringLength(maxStringLength)
                .maxDocumentLength(maxDocumentLength)
                .build();
    }

    /** A factory with {@link #constraints}, not closing the caller's streams. */
    public static JsonFactory factory(int maxStringLength, long maxDocumentLength) {
        return JsonFactory.builder()
                .streamReadConstraints(constraints(maxStringLength, maxDocumentLength))
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .build();
    }
}
