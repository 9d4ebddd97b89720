package io.siemflink.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code dashboards/siemflink-dashboards.ndjson} (what the compose file and the curl command in the
 * README import) is exactly what the generator makes from the definitions.
 */
class CommittedNdjsonTest {
    static Path committed() {
        return Path.of(System.getProperty("siem.home", "..")).resolve("dashboards/siemflink-dashboards.ndjson");
    }

    @Test
    void committedNdjsonEqualsTheGeneratorsOutput() throws Exception {
        String generated = SavedObjects.ndjson(SavedObjects.generate(DefinitionLoader.load()));
        assertThat(Files.readString(committed(), StandardCharsets.UTF_8))
                .as("dashboards/siemflink-dashboards.ndjson is stale: run ./siem dashboards export dashboards/siemflink-dashboards.ndjson")
                .isEqualTo(generated);
    }
}
