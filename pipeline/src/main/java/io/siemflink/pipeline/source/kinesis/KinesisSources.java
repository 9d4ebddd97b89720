package io.siemflink.pipeline.source.kinesis;

import io.siemflink.pipeline.job.MetricsExport;
import io.siemflink.pipeline.model.ParseOutput;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kinesis.source.KinesisStreamsSource;
import org.apache.flink.connector.kinesis.source.config.KinesisStreamsSourceConfigConstants;

/**
 * Builds the FLIP-27 {@link KinesisStreamsSource} (polling reader, per-shard sequence numbers in checkpoints) that
 * emits {@link ParseOutput}s. Use it as
 * {@code env.fromSource(src, watermarks, name, ParseOutputTypeInfo.INSTANCE)}: the source does not report its type.
 *
 * <p>Credentials come from the AWS default chain (environment, system properties, web identity, profile, container
 * or instance role). A local mock accepts any key: either export {@code AWS_ACCESS_KEY_ID}/{@code
 * AWS_SECRET_ACCESS_KEY}, or pass {@link #staticCredentials} as connector overrides (what the tests do).
 */
public final class KinesisSources {
    // The connector shades its AWS base module; its keys are plain strings (AWSConfigConstants).
    static final String AWS_REGION = "aws.region";
    static final String AWS_ENDPOINT = "aws.endpoint";
    static final String AWS_CREDENTIALS_PROVIDER = "aws.credentials.provider";

    /** The connector's default timestamp format for AT_TIMESTAMP, written in UTC. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    private KinesisSources() {
    }

    public static KinesisStreamsSource<ParseOutput> create(KinesisSourceSettings settings) {
        return create(settings, Map.of());
    }

    /**
     * @param connectorOverrides raw connector settings applied last (credentials for a mock, HTTP client tuning,
     *                           {@code flink.shard.discovery.intervalmillis})
     */
    public static KinesisStreamsSource<ParseOutput> create(KinesisSourceSettings settings,
                                                           Map<String, String> connectorOverrides) {
        return create(settings, connectorOverrides, MetricsExport.LOCAL);
    }

    /** As {@link #create(KinesisSourceSettings, Map)}, with the lag gauges also exported as {@code metrics} says. */
    public static KinesisStreamsSource<ParseOutput> create(KinesisSourceSettings settings,
                                                           Map<String, String> connectorOverrides,
                                                           MetricsExport metrics) {
        Configuration config = connectorConfig(settings);
        connectorOverrides.forEach(config::setString);
        return KinesisStreamsSource.<ParseOutput>builder()
                .setStreamArn(settings.streamArn())
                .setSourceConfig(config)
                .setDeserializationSchema(new KinesisRecordParser(settings.logType(), settings.parserOptions(), metrics))
                .build();
    }

    /** The connector configuration the settings translate to. */
    public static Configuration connectorConfig(KinesisSourceSettings s) {
        Configuration c = new Configuration();
        c.setString(AWS_REGION, s.region());
        c.setString(AWS_CREDENTIALS_PROVIDER, "AUTO");
        if (s.endpoint() != null) {
            c.setString(AWS_ENDPOINT, s.endpoint().toString());
        }
        c.set(KinesisStreamsSourceConfigConstants.STREAM_INITIAL_POSITION,
                KinesisStreamsSourceConfigConstants.InitialPosition.valueOf(s.initialPosition().name()));
        if (s.initialTimestamp() != null) {
            c.set(KinesisStreamsSourceConfigConstants.STREAM_INITIAL_TIMESTAMP, TIMESTAMP.format(s.initialTimestamp()));
        }
        return c;
    }

    /** Connector overrides for fixed credentials: for a local mock, which accepts any key. */
    public static Map<String, String> staticCredentials(String accessKeyId, String secretKey) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(AWS_CREDENTIALS_PROVIDER, "BASIC");
        m.put(AWS_CREDENTIALS_PROVIDER + ".basic.accesskeyid", accessKeyId);
        m.put(AWS_CREDENTIALS_PROVIDER + ".basic.secretkey", secretKey);
        return m;
    }
}
