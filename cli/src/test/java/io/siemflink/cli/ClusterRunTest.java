package io.siemflink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.pipeline.config.PipelineConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterRunTest {
    @Test
    void settingsBecomeSetArgumentsWithoutThePasswordAndWithAbsolutePaths() {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("source.cli.uri", "test-data/bucket");
        raw.put("source.cli.watch", "false");
        raw.put("opensearch.url", "https://search.example.com");
        raw.put("opensearch.auth", "basic");
        raw.put("opensearch.username", "siem");
        raw.put("opensearch.password", "hunter2-secret");
        PipelineConfig config = PipelineConfig.from(raw);

        List<String> args = ClusterRun.programArgs(config, raw);

        assertThat(String.join(" ", args)).doesNotContain("hunter2-secret").doesNotContain("opensearch.password");
        for (int i = 0; i < args.size(); i += 2) {
            assertThat(args.get(i)).isEqualTo("--set");
            assertThat(args.get(i + 1)).contains("=");
        }
        assertThat(args).contains("source.cli.uri=" + Path.of("test-data/bucket").toAbsolutePath().normalize(),
                "source.cli.watch=false", "opensearch.username=siem", "opensearch.install-templates=false");
    }
}
