package io.siemflink.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siemflink.parsers.LogType;
import io.siemflink.pipeline.job.BatchOutputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigTest {
    private static Map<String, String> base() {
        Map<String, String> m = new HashMap<>();
        m.put("source.trail.uri", "s3://logs-bucket/AWSLogs/111122223333/CloudTrail/");
        m.put("aws.region", "eu-west-1");
        return m;
    }

    @Test
    void defaultsWorkOnALaptop() {
        Map<String, String> m = Map.of("source.demo.uri", "test-data/bucket");
        PipelineConfig c = PipelineConfig.from(m);
        assertThat(c.opensearch().url().toString()).isEqualTo("http://127.0.0.1:9200");
        assertThat(c.sources()).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo(SourceConfig.Kind.FILE);
            assertThat(Path.of(s.location())).isAbsolute();
            assertThat(s.watch()).isTrue(); // streaming by default
        });
        assertThat(c.indexNames().prefix(LogType.VPCFLOW)).isEqualTo("log-aws-vpcflowlogs");
        assertThat(c.aws()).isNull();
    }

    @Test
    void batchesOfTheSourceTaskAreSettable() {
        assertThat(PipelineConfig.from(base()).batching()).isEqualTo(BatchOutputs.Settings.DEFAULTS);
        Map<String, String> m = base();
        m.put("job.batch-size", "32");
        m.put("job.batch-max-delay", "20ms");
        assertThat(PipelineConfig.from(m).batching()).isEqualTo(new BatchOutputs.Settings(32, Duration.ofMillis(20)));
    }

    @Test
    void metricsGoToCloudWatchOnlyWhenAsked() {
        assertThat(PipelineConfig.from(base()).metrics().cloudWatch()).isFalse();
        Map<String, String> m = base();
        m.put("metrics.cloudwatch", "true");
        assertThat(PipelineConfig.from(m).metrics().cloudWatch()).isTrue();
        m.put("metrics.cloudwatch", "yes please");
        assertThatThrownBy(() -> PipelineConfig.from(m)).hasMessageContaining("metrics.cloudwatch");
    }

    @Test
    void sourcesOfEveryKindParse() {
        Map<String, String> m = base();
        m.put("source.trail.type", "cloudtrail");
        m.put("source.trail.watch", "false");
        m.put("source.queue.uri", "sqs://https://sqs.eu-west-1.amazonaws.com/111122223333/s3-events");
        m.put("source.flows.uri", "kinesis://arn:aws:kinesis:eu-west-1:111122223333:stream/flows");
        m.put("source.flows.type", "vpcflow");
        m.put("source.flows.initial-position", "trim_horizon");
        m.put("aws.endpoint.s3", "http://127.0.0.1:9000");
        PipelineConfig c = PipelineConfig.from(m);
        assertThat(c.sources()).extracting(SourceConfig::name).containsExactly("flows", "queue", "trail");
        SourceConfig trail = c.sources().get(2);
        assertThat(trail.location()).isEqualTo("logs-bucket");
        assertThat(trail.prefixes()).containsExactly("AWSLogs/111122223333/CloudTrail/");
        assertThat(trail.logType()).isEqualTo(LogType.CLOUDTRAIL);
        assertThat(trail.bounded()).isTrue();
        assertThat(c.sources().get(0).initialPosition()).isEqualTo("TRIM_HORIZON");
        assertThat(c.sources().get(1).location()).isEqualTo("https://sqs.eu-west-1.amazonaws.com/111122223333/s3-events");
        assertThat(c.aws().s3Endpoint().toString()).isEqualTo("http://127.0.0.1:9000");
        assertThat(c.aws().s3PathStyle()).isTrue();
    }

    @Test
    void everyBadSettingIsNamed() {
        record Case(String key, String value, String message) {
        }
        for (Case k : List.of(
                new Case("opensearch.url", "not a url", "opensearch.url"),
                new Case("opensearch.url", "http://search.example.com:9200", "not loopback"),
                new Case("opensearch.auth", "kerberos", "opensearch.auth"),
                new Case("opensearch.auth", "basic", "opensearch.username"),
                new Case("opensearch.bulk.max-actions", "0", "opensearch.bulk.max-actions"),
                new Case("opensearch.bulk.flush-interval", "soon", "opensearch.bulk.flush-interval"),
                new Case("index.granularity", "week", "granularity"),
                new Case("index.prefix.elb", "Bad Prefix", "index.prefix.elb"),
                new Case("job.checkpoint-interval", "10ms", "job.checkpoint-interval"),
                new Case("job.parallelism", "0", "job.parallelism"),
                new Case("job.batch-size", "0", "job.batch-size"),
                new Case("job.batch-size", "100000", "job.batch-size"),
                new Case("job.batch-max-delay", "0ms", "job.batch-max-delay"),
                new Case("job.batch-max-delay", "1h", "job.batch-max-delay"),
                new Case("source.trail.type", "syslog", "source.trail.type"),
                new Case("source.trail.colour", "blue", "source.trail.colour"),
                new Case("opensearch.ca-certificate", "/nonexistent/ca.pem", "opensearch.ca-certificate"),
                new Case("opensearhc.url", "http://127.0.0.1:9200", "unknown setting opensearhc.url"))) {
            Map<String, String> m = base();
            m.put(k.key(), k.value());
            assertThatThrownBy(() -> PipelineConfig.from(m)).as(k.key() + "=" + k.value())
                    .isInstanceOf(ConfigException.class).hasMessageContaining(k.message());
        }
        Map<String, String> noRegion = base();
        noRegion.remove("aws.region");
        assertThatThrownBy(() -> PipelineConfig.from(noRegion)).hasMessageContaining("aws.region");
        assertThatThrownBy(() -> PipelineConfig.from(Map.of())).hasMessageContaining("no source configured");
    }

    @Test
    void passwordsNeverShowInText() {
        Map<String, String> m = base();
        m.put("opensearch.url", "https://search.example.com");
        m.put("opensearch.auth", "basic");
        m.put("opensearch.username", "siem");
        m.put("opensearch.password", "hunter2-secret");
        PipelineConfig c = PipelineConfig.from(m);
        assertThat(c.toString()).doesNotContain("hunter2-secret");
        assertThat(c.opensearch().toString()).doesNotContain("hunter2-secret").contains("***");
    }

    @Test
    void fileThenEnvironmentThenManagedFlinkGroups(@TempDir Path tmp) throws Exception {
        Path yaml = tmp.resolve("siem.yaml");
        Files.writeString(yaml, """
                source:
                  flows:
                    uri: s3://flow-bucket/AWSLogs/
                    interval: 30s
                opensearch:
                  url: http://127.0.0.1:9201
                  bulk:
                    max-actions: 500
                index:
                  granularity: month
                """);
        Map<String, String> raw = new HashMap<>(ConfigSources.file(yaml));
        raw.putAll(ConfigSources.environment(Map.of("AWS_REGION", "us-west-2", "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000",
                "UNRELATED", "x")));
        PipelineConfig c = PipelineConfig.from(raw);
        assertThat(c.sources().get(0).interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.bulk().maxActions()).isEqualTo(500);
        assertThat(c.indexGranularity()).isEqualTo("month");
        assertThat(c.aws().region()).isEqualTo("us-west-2");
        assertThat(c.opensearch().url().getPort()).isEqualTo(9201);

        Path groups = tmp.resolve("flink-application-properties-dev.json");
        Files.writeString(groups, """
                [{"PropertyGroupId": "opensearch", "PropertyMap": {"url": "http://127.0.0.1:9300"}},
                 {"PropertyGroupId": "source.trail", "PropertyMap": {"uri": "s3://trail-bucket/", "type": "cloudtrail"}}]
                """);
        Map<String, String> msf = ConfigSources.managedFlink(groups);
        assertThat(msf).containsEntry("opensearch.url", "http://127.0.0.1:9300").containsEntry("source.trail.type", "cloudtrail");
        raw.putAll(msf);
        assertThat(PipelineConfig.from(raw).sources()).hasSize(2);

        Path props = tmp.resolve("siem.properties");
        Files.writeString(props, "source.a.uri = /tmp\nopensearch.bulk.max-bytes = 2mb\n");
        assertThat(PipelineConfig.from(ConfigSources.file(props)).bulk().maxBytes()).isEqualTo(2L << 20);
        assertThatThrownBy(() -> ConfigSources.file(tmp.resolve("missing.yaml"))).hasMessageContaining("missing.yaml");
    }
}
