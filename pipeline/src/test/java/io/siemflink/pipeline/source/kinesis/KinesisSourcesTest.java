package io.siemflink.pipeline.source.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.pipeline.source.kinesis.KinesisSourceSettings.InitialPosition;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class KinesisSourcesTest {
    private static final String ARN = "arn:aws:kinesis:eu-west-1:111122223333:stream/vpc-flow";

    private static KinesisSourceSettings settings(String arn, String region, URI endpoint, InitialPosition pos, Instant ts) {
        return new KinesisSourceSettings(arn, region, endpoint, pos, ts, LogType.VPCFLOW, null);
    }

    @Test
    void translatesSettingsToConnectorConfig() {
        KinesisSourceSettings s = settings(ARN, null, URI.create("http://127.0.0.1:4568"), InitialPosition.AT_TIMESTAMP,
                Instant.parse("2024-05-01T12:00:00.250Z"));

        Map<String, String> c = KinesisSources.connectorConfig(s).toMap();

        assertThat(s.region()).isEqualTo("eu-west-1");
        assertThat(s.streamName()).isEqualTo("vpc-flow");
        assertThat(s.parserOptions()).isEqualTo(ParserOptions.defaults());
        assertThat(c).containsEntry("aws.region", "eu-west-1")
                .containsEntry("aws.endpoint", "http://127.0.0.1:4568")
                .containsEntry("aws.credentials.provider", "AUTO")
                .containsEntry("flink.stream.initpos", "AT_TIMESTAMP")
                .containsEntry("flink.stream.initpos.timestamp", "2024-05-01T12:00:00.250Z");
    }

    @Test
    void noEndpointMeansTheRegionsDefault() {
        Configuration c = KinesisSources.connectorConfig(settings(ARN, "eu-west-1", null, InitialPosition.LATEST, null));

        assertThat(c.toMap()).doesNotContainKey("aws.endpoint").containsEntry("flink.stream.initpos", "LATEST");
    }

    @Test
    void buildsAnUnboundedSourceWithStaticCredentialOverrides() {
        var src = KinesisSources.create(settings(ARN, null, null, InitialPosition.TRIM_HORIZON, null),
                KinesisSources.staticCredentials("k", "s"));

        assertThat(src.getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        assertThat(KinesisSources.staticCredentials("k", "s")).containsEntry("aws.credentials.provider", "BASIC")
                .containsEntry("aws.credentials.provider.basic.accesskeyid", "k")
                .containsEntry("aws.credentials.provider.basic.secretkey", "s");
    }

    @Test
    void settingsSurviveJavaSerialization() throws Exception {
        KinesisSourceSettings s = new KinesisSourceSettings(ARN, null, URI.create("https://vpce.example:443"),
                InitialPosition.TRIM_HORIZON, null, null, ParserOptions.defaults().withVpcFormat("version srcaddr"));

        assertThat(InstantiationUtil.clone(s)).isEqualTo(s);
    }

    @Test
    void endpointComesFromTheServiceVariableFirst() {
        assertThat(KinesisSourceSettings.endpointFromEnvironment(Map.of("AWS_ENDPOINT_URL_KINESIS", "http://a:1",
                "AWS_ENDPOINT_URL", "http://b:2"))).isEqualTo(URI.create("http://a:1"));
        assertThat(KinesisSourceSettings.endpointFromEnvironment(Map.of("AWS_ENDPOINT_URL", "http://b:2")))
                .isEqualTo(URI.create("http://b:2"));
        assertThat(KinesisSourceSettings.endpointFromEnvironment(Map.of())).isNull();
    }

    @Test
    void invalidSettingsAreRejectedNamingTheSetting() {
        assertThatThrownBy(() -> settings(null, null, null, InitialPosition.LATEST, null))
                .hasMessageStartingWith("kinesis.streamArn is required");
        assertThatThrownBy(() -> settings("vpc-flow", null, null, InitialPosition.LATEST, null))
                .hasMessageContaining("kinesis.streamArn must look like").hasMessageContaining("'vpc-flow'");
        assertThatThrownBy(() -> settings(ARN, "us-east-1", null, InitialPosition.LATEST, null))
                .hasMessageContaining("kinesis.region 'us-east-1' differs").hasMessageContaining("'eu-west-1'");
        assertThatThrownBy(() -> settings(ARN, null, URI.create("localhost:4568"), InitialPosition.LATEST, null))
                .hasMessageStartingWith("kinesis.endpoint must be an absolute http(s) URL");
        assertThatThrownBy(() -> settings(ARN, null, null, null, null))
                .hasMessageStartingWith("kinesis.initialPosition is required");
        assertThatThrownBy(() -> settings(ARN, null, null, InitialPosition.AT_TIMESTAMP, null))
                .hasMessageStartingWith("kinesis.initialTimestamp is required");
        assertThatThrownBy(() -> settings(ARN, null, null, InitialPosition.LATEST, Instant.EPOCH))
                .hasMessageStartingWith("kinesis.initialTimestamp is only used with");
    }
}
