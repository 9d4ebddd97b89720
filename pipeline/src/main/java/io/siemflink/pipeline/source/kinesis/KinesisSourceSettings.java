package io.siemflink.pipeline.source.kinesis;

import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import java.io.Serial;
import java.io.Serializable;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Kinesis source reads and how its records are parsed, validated on construction. Each problem names the
 * setting ({@code kinesis.streamArn}, ...) so a bad configuration fails at submit time with a clear message.
 *
 * @param streamArn        {@code arn:aws:kinesis:REGION:ACCOUNT:stream/NAME}
 * @param region           the stream's region; null takes it from the ARN
 * @param endpoint         a Kinesis endpoint override (a local mock, a VPC endpoint), or null for the region's
 *                         default; in real use from {@code AWS_ENDPOINT_URL_KINESIS}, see
 *                         {@link #endpointFromEnvironment(Map)}
 * @param initialPosition  where to start when there is no checkpoint for a shard
 * @param initialTimestamp the start for {@link InitialPosition#AT_TIMESTAMP}, null otherwise
 * @param logType          the type of every record on the stream, or null to detect it per record
 * @param parserOptions    parser knobs; null means {@link ParserOptions#defaults()}
 */
public record KinesisSourceSettings(String streamArn, String region, URI endpoint, InitialPosition initialPosition,
                                    Instant initialTimestamp, LogType logType, ParserOptions parserOptions)
        implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The environment variable the AWS SDKs read for a Kinesis endpoint override. */
    public static final String ENDPOINT_ENV = "AWS_ENDPOINT_URL_KINESIS";

    private static final Pattern ARN = Pattern.compile(
            "arn:aws[a-z-]*:kinesis:([a-z0-9-]+):(\\d{12}):stream/([A-Za-z0-9_.-]{1,128})");

    /** Where a shard is read from when the job has no checkpointed sequence number for it. */
    public enum InitialPosition {
        /** Only records written after the job starts. */
        LATEST,
        /** The oldest record still retained. */
        TRIM_HORIZON,
        /** The first record at or after {@code initialTimestamp}. */
        AT_TIMESTAMP
    }

    public KinesisSourceSettings {
        if (streamArn == null || streamArn.isBlank()) {
            throw new IllegalArgumentException("kinesis.streamArn is required (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME)");
        }
        streamArn = streamArn.strip();
        Matcher m = ARN.matcher(streamArn);
        if (!m.matches()) {
            throw new IllegalArgumentException("kinesis.streamArn must look like arn:aws:kinesis:REGION:ACCOUNT:stream/NAME,"
                    + " was '" + streamArn + "'");
        }
        if (region == null || region.isBlank()) {
            region = m.group(1);
        } else if (!region.strip().equals(m.group(1))) {
            throw new IllegalArgumentException("kinesis.region '" + region + "' differs from the region of kinesis.streamArn '"
                    + m.group(1) + "'");
        } else {
            region = region.strip();
        }
        if (endpoint != null) {
            String scheme = endpoint.getScheme();
            if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || endpoint.getHost() == null) {
                throw new IllegalArgumentException("kinesis.endpoint must be an absolute http(s) URL such as"
                        + " http://127.0.0.1:4568, was '" + endpoint + "'");
            }
        }
        if (initialPosition == null) {
            throw new IllegalArgumentException("kinesis.initialPosition is required (LATEST, TRIM_HORIZON or AT_TIMESTAMP)");
        }
        if (initialPosition == InitialPosition.AT_TIMESTAMP && initialTimestamp == null) {
            throw new IllegalArgumentException("kinesis.initialTimestamp is required when kinesis.initialPosition is AT_TIMESTAMP");
        }
        if (initialPosition != InitialPosition.AT_TIMESTAMP && initialTimestamp != null) {
            throw new IllegalArgumentException("kinesis.initialTimestamp is only used with kinesis.initialPosition AT_TIMESTAMP,"
                    + " but the position is " + initialPosition);
        }
        if (parserOptions == null) {
            parserOptions = ParserOptions.defaults();
        }
    }

    /** A stream read from the given position with default parser options, the endpoint from the environment. */
    public static KinesisSourceSettings of(String streamArn, InitialPosition position, LogType logType) {
        return new KinesisSourceSettings(streamArn, null, endpointFromEnvironment(System.getenv()), position, null,
                logType, null);
    }

    public KinesisSourceSettings withEndpoint(URI newEndpoint) {
        return new KinesisSourceSettings(streamArn, region, newEndpoint, initialPosition, initialTimestamp, logType,
                parserOptions);
    }

    public KinesisSourceSettings withInitialPosition(InitialPosition position, Instant timestamp) {
        return new KinesisSourceSettings(streamArn, region, endpoint, position, timestamp, logType, parserOptions);
    }

    /** The stream's name, the last part of its ARN. */
    public String streamName() {
        return KinesisRecordParser.streamName(streamArn);
    }

    /** {@code AWS_ENDPOINT_URL_KINESIS}, else the SDK-wide {@code AWS_ENDPOINT_URL}, else null. */
    public static URI endpointFromEnvironment(Map<String, String> env) {
        for (String name : new String[] {ENDPOINT_ENV, "AWS_ENDPOINT_URL"}) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                try {
                    return URI.create(v.strip());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(name + " is not a URL: '" + v + "'", e);
                }
            }
        }
        return null;
    }
}
