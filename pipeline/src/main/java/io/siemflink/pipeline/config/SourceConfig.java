package io.siemflink.pipeline.config;

import io.siemflink.parsers.LogType;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One input of the job.
 *
 * @param kind         where records come from
 * @param location     s3/file: the bucket (or directory); sqs: the queue URL or name; kinesis: the stream ARN or name
 * @param prefixes     s3/file: key prefixes to scan (empty: all)
 * @param logType      the type of every record, or null to tell it from the key layout or content
 * @param watch        s3/file: keep discovering new objects instead of one scan
 * @param interval     s3/file: pause between discovery rounds; sqs: between empty receives
 * @param lookback     s3/file continuous discovery: how far back late keys are looked for
 * @param startAfter   s3/file: ignore keys up to and including this one
 * @param initialPosition kinesis: LATEST, TRIM_HORIZON or AT_TIMESTAMP (with {@code initialTimestamp})
 */
public record SourceConfig(String name, Kind kind, String location, List<String> prefixes, LogType logType, boolean watch,
                           Duration interval, Duration lookback, String startAfter, String initialPosition,
                           String initialTimestamp, String vpcFormat) implements Serializable {
    /** The kinds of input. */
    public enum Kind { S3, FILE, SQS, KINESIS }

    /**
     * Parses a source URI: {@code s3://bucket/prefix}, {@code file:///dir} (or a plain path), {@code sqs://QUEUE_URL}
     * or {@code sqs://queue-name}, {@code kinesis://stream-name-or-arn}.
     */
    public static SourceConfig parse(String name, String uri) {
        String u = uri.trim();
        if (u.startsWith("s3://")) {
            String rest = u.substring(5);
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            if (bucket.isEmpty()) {
                throw new ConfigException("source." + name + ".uri " + uri + " names no bucket");
            }
            return new SourceConfig(name, Kind.S3, bucket, prefix.isEmpty() ? List.of() : List.of(prefix), null, false,
                    Duration.ofSeconds(60), Duration.ofHours(1), null, null, null, null);
        }
        if (u.startsWith("sqs://")) {
            String q = u.substring(6);
            if (q.isEmpty()) {
                throw new ConfigException("source." + name + ".uri " + uri + " names no queue");
            }
            return new SourceConfig(name, Kind.SQS, q, List.of(), null, true, Duration.ofSeconds(1), null, null, null, null, null);
        }
        if (u.startsWith("kinesis://")) {
            String s = u.substring(10);
            if (s.isEmpty()) {
                throw new ConfigException("source." + name + ".uri " + uri + " names no stream");
            }
            return new SourceConfig(name, Kind.KINESIS, s, List.of(), null, true, null, null, null, "LATEST", null, null);
        }
        String dir = u.startsWith("file://") ? URI.create(u).getPath() : u;
        if (dir == null || dir.isEmpty()) {
            throw new ConfigException("source." + name + ".uri " + uri + " names no directory");
        }
        if (u.contains("://") && !u.startsWith("file://")) {
            throw new ConfigException("source." + name + ".uri " + uri + ": unknown scheme (s3://, sqs://, kinesis:// or file://)");
        }
        return new SourceConfig(name, Kind.FILE, java.nio.file.Path.of(dir).toAbsolutePath().normalize().toString(), List.of(),
                null, false, Duration.ofSeconds(5), Duration.ofHours(1), null, null, null, null);
    }

    SourceConfig with(LogType type, Boolean watchOverride, Duration intervalOverride, Duration lookbackOverride,
                      String startAfterOverride, String position, String timestamp, String format, List<String> prefixOverride) {
        return new SourceConfig(name, kind, location, prefixOverride != null ? prefixOverride : prefixes,
                type != null ? type : logType, watchOverride != null ? watchOverride : watch,
                intervalOverride != null ? intervalOverride : interval, lookbackOverride != null ? lookbackOverride : lookback,
                startAfterOverride != null ? startAfterOverride : startAfter, position != null ? position : initialPosition,
                timestamp != null ? timestamp : initialTimestamp, format != null ? format : vpcFormat);
    }

    /** True when the source ends by itself (a one-time scan). */
    public boolean bounded() {
        return (kind == Kind.S3 || kind == Kind.FILE) && !watch;
    }
}
