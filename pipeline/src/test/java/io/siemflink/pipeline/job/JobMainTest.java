package io.siemflink.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siemflink.pipeline.config.ConfigException;
import io.siemflink.pipeline.config.PipelineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the job jar's entry point reads its settings on a cluster: file, then environment, then --set. */
class JobMainTest {
    @Test
    void setArgumentsWinOverTheFileAndTheEnvironment(@TempDir Path tmp) throws Exception {
        Path yaml = Files.writeString(tmp.resolve("siem.yaml"), """
                source:
                  trail:
                    uri: s3://trail-bucket/AWSLogs/
                opensearch:
                  url: http://127.0.0.1:9201
                index:
                  granularity: month
                """);
        PipelineConfig c = JobMain.config(new String[] {"--config", yaml.toString(), "--set", "index.granularity=day",
                "--set", "opensearch.bulk.max-actions=500", "--set", "source.trail.type=cloudtrail"},
                Map.of("AWS_REGION", "eu-west-1", "OPENSEARCH_URL", "http://127.0.0.1:9300"));
        assertThat(c.indexGranularity()).isEqualTo("day");
        assertThat(c.bulk().maxActions()).isEqualTo(500);
        assertThat(c.opensearch().url().getPort()).isEqualTo(9300); // the environment over the file
        assertThat(c.aws().region()).isEqualTo("eu-west-1");
        assertThat(c.sources()).singleElement().satisfies(s -> assertThat(s.logType().id()).isEqualTo("cloudtrail"));
        // A value may itself hold '=': only the first one separates key and value.
        PipelineConfig eq = JobMain.config(new String[] {"--set", "source.a.uri=/tmp/x=y"}, Map.of());
        assertThat(eq.sources().get(0).location()).endsWith("x=y");
    }

    @Test
    void badArgumentsNameTheProblem() {
        assertThatThrownBy(() -> JobMain.config(new String[] {"--bounded"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown argument --bounded");
        assertThatThrownBy(() -> JobMain.config(new String[] {"--set"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown argument --set");
        assertThatThrownBy(() -> JobMain.config(new String[] {"--set", "no-equals"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("KEY=VALUE");
        assertThatThrownBy(() -> JobMain.config(new String[] {"--set", "source.a.uri=/tmp", "--set", "index.colour=blue"},
                Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("unknown setting index.colour");
    }
}
