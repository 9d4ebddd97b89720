package io.siemflink.parsers;

import io.siemflink.parsers.io.Lines;

/**
 * Knobs shared by all parsers, validated on construction.
 *
 * @param vpcFormat          VPC Flow Logs field list (space separated, as in the log format definition) for input
 *                           without a header line; null to recognise the standard formats by field count
 * @param maxRecordBytes     a line or JSON record larger than this is dead-lettered
 * @param maxParameterChars  cap on the JSON text kept for CloudTrail request/response parameters (see docs/schema/cloudtrail.md)
 * @param keepOriginal       write {@code event.original} into each document
 */
public record ParserOptions(String vpcFormat, int maxRecordBytes, int maxParameterChars, boolean keepOriginal)
        implements java.io.Serializable {
    public static final int DEFAULT_MAX_PARAMETER_CHARS = 32 * 1024;

    public ParserOptions {
        if (maxRecordBytes < 1024) {
            throw new IllegalArgumentException("maxRecordBytes must be at least 1024, was " + maxRecordBytes);
        }
        if (maxParameterChars < 256) {
            throw new IllegalArgumentException("maxParameterChars must be at least 256, was " + maxParameterChars);
        }
        if (vpcFormat != null && vpcFormat.isBlank()) {
            vpcFormat = null;
        }
    }

    public static ParserOptions defaults() {
        return new ParserOptions(null, Lines.DEFAULT_MAX_LINE, DEFAULT_MAX_PARAMETER_CHARS, false);
    }

    public ParserOptions withVpcFormat(String format) {
        return new ParserOptions(format, maxRecordBytes, maxParameterChars, keepOriginal);
    }

    public ParserOptions withKeepOriginal(boolean keep) {
        return new ParserOptions(vpcFormat, maxRecordBytes, maxParameterChars, keep);
    }

    public ParserOptions withMaxRecordBytes(int max) {
        return new ParserOptions(vpcFormat, max, maxParameterChars, keepOriginal);
    }
}
