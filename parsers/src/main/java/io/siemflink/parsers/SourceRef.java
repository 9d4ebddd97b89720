package io.siemflink.parsers;

/**
 * Where records came from: a display name (S3 URI, file path, {@code -} for stdin, Kinesis shard) and, for
 * S3-shaped input, the object key whose layout tells the log type, account and region.
 */
public record SourceRef(String name, String key) {
    public static SourceRef of(String name) {
        return new SourceRef(name, null);
    }

    public static SourceRef s3(String bucket, String key) {
        return new SourceRef("s3://" + bucket + "/" + key, key);
    }

    /** The account, region and log type that the key layout tells; never null. */
    public AwsKey awsKey() {
        return AwsKey.parse(key);
    }
}
