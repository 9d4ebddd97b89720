package io.siemflink.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.siemflink.pipeline.config.ConfigSources;
import io.siemflink.pipeline.config.PipelineConfig;
import io.siemflink.pipeline.config.SourceConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of docker/ without a Docker engine (none here, none in CI): the compose file parses, has the
 * services the README describes, mounts files that exist (the job jar is built by the project's shaded-jar build,
 * so only its agreed path is checked), imports the committed NDJSON the way the README's curl does, and the job's
 * configuration is valid and reads sample directories that exist.
 */
class DockerComposeTest {
    static final Path ROOT = Path.of(System.getProperty("siem.home", "..")).toAbsolutePath().normalize();
    static final Path DOCKER = ROOT.resolve("docker");
    static final String JOB_JAR = "../pipeline/target/siemflink-job.jar";
    final JsonNode compose = read();

    static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(DOCKER.resolve("docker-compose.yml").toFile());
        } catch (Exception e) {
            throw new AssertionError("docker/docker-compose.yml does not parse", e);
        }
    }

    @Test
    void hasTheServicesWithPinnedImages() {
        List<String> services = new ArrayList<>();
        compose.path("services").fieldNames().forEachRemaining(services::add);
        assertThat(services).containsExactlyInAnyOrder("opensearch", "opensearch-dashboards", "dashboards-import",
                "jobmanager", "taskmanager", "job-submit");
        compose.path("services").forEach(s -> assertThat(s.path("image").asText()).matches(".+:.*[0-9].*"));
        assertThat(compose.at("/services/opensearch/image").asText()).contains("opensearchproject/opensearch:").contains("2.19");
        assertThat(compose.at("/services/jobmanager/image").asText()).contains("flink:").contains("1.19");
        assertThat(compose.at("/services/opensearch/environment/DISABLE_SECURITY_PLUGIN").asText()).isEqualTo("true");
    }

    @Test
    void everyMountedFileExistsAndTheJobJarIsTheAgreedPath() {
        List<String> sources = new ArrayList<>();
        compose.path("services").forEach(s -> s.path("volumes").forEach(v -> {
            String src = v.asText().split(":")[0];
            if (src.startsWith(".")) {
                sources.add(src);
            }
        }));
        assertThat(sources).contains(JOB_JAR, "../test-data", "../dashboards/siemflink-dashboards.ndjson", "./job.yaml");
        for (String src : sources) {
            if (src.equals(JOB_JAR)) {
                // Built by `mvn package` (the shaded job jar of the deployment issue); absent in a test-only build.
                assertThat(DOCKER.resolve(src).getParent().getParent()).isDirectory();
                continue;
            }
            assertThat(DOCKER.resolve(src).normalize()).as(src).exists();
        }
    }

    @Test
    void theImportContainerSendsWhatTheImportApiNeeds() {
        String command = String.join(" ", list(compose.at("/services/dashboards-import/command")));
        assertThat(command).contains("-X POST", "/api/saved_objects/_import?overwrite=true", "osd-xsrf: true",
                "file=@/import/siemflink-dashboards.ndjson");
        assertThat(compose.at("/services/dashboards-import/depends_on/opensearch-dashboards/condition").asText())
                .isEqualTo("service_healthy");
    }

    @Test
    void theJobConfigurationIsValidAndReadsSampleDirectoriesThatExist() {
        PipelineConfig config = PipelineConfig.from(ConfigSources.file(DOCKER.resolve("job.yaml")));
        assertThat(config.opensearch().url()).hasToString("http://opensearch:9200");
        assertThat(config.sources()).isNotEmpty();
        for (SourceConfig s : config.sources()) {
            assertThat(s.kind()).isEqualTo(SourceConfig.Kind.FILE);
            // ../test-data is mounted at /data in the Flink containers.
            assertThat(s.location()).startsWith("/data/");
            assertThat(ROOT.resolve("test-data").resolve(s.location().substring("/data/".length()))).isDirectory();
        }
        String submit = String.join(" ", list(compose.at("/services/job-submit/command")));
        assertThat(submit).contains("flink run -m jobmanager:8081", "io.siemflink.pipeline.job.JobMain",
                "/job/siemflink-job.jar --config /job/job.yaml");
    }

    private static List<String> list(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }
}
