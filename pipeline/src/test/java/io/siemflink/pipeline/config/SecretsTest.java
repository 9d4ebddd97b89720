package io.siemflink.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the OpenSearch password may come from (environment, file, AWS Secrets Manager) and where it may not (config
 * files, property groups). Secrets Manager is the real SDK client against a small stand-in for its JSON API on
 * loopback (no local Secrets Manager server exists); every error is checked not to echo a secret.
 */
class SecretsTest {
    private static final String PASSWORD = "Pw-3f9a1c-never-log-me";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpServer server;
    private static final Map<String, String> SECRETS = new HashMap<>();
    private static final List<String> TARGETS = new CopyOnWriteArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void fakeSecretsManager() throws Exception {
        SECRETS.put("siem/opensearch-plain", PASSWORD);
        SECRETS.put("arn:aws:secretsmanager:eu-west-1:111122223333:secret:siem/os-json-AbCdEf",
                "{\"username\":\"siem\",\"password\":\"" + PASSWORD + "\"}");
        SECRETS.put("siem/no-password", "{\"username\":\"siem\"}");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            TARGETS.add(ex.getRequestHeaders().getFirst("X-Amz-Target") + " " + ex.getRequestHeaders().getFirst("Authorization"));
            String id = JSON.readTree(ex.getRequestBody()).path("SecretId").asText();
            String value = SECRETS.get(id);
            byte[] body;
            int status;
            if (value == null) {
                status = 400;
                body = "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}"
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                status = 200;
                body = JSON.writeValueAsBytes(Map.of("ARN", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:" + id,
                        "Name", id, "SecretString", value, "VersionId", "v1"));
            }
            ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        System.setProperty("aws.accessKeyId", "AKIDSECRETSTEST");
        System.setProperty("aws.secretAccessKey", "sm-test-secret-key");
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private static Map<String, String> base() {
        Map<String, String> m = new HashMap<>();
        m.put("source.a.uri", "file:///tmp/logs");
        m.put("opensearch.url", "https://search.example.com");
        m.put("opensearch.auth", "basic");
        m.put("opensearch.username", "siem");
        m.put("aws.region", "eu-west-1");
        m.put("aws.endpoint.secretsmanager", "http://127.0.0.1:" + server.getAddress().getPort());
        return m;
    }

    @Test
    void thePasswordComesFromSecretsManagerAsPlainTextOrJson() {
        Map<String, String> m = base();
        m.put("opensearch.password-secret", "siem/opensearch-plain");
        PipelineConfig c = PipelineConfig.from(m);
        // read once at start (a wrong id stops the job there), then only the reference is kept
        assertThat(c.opensearch().password()).isNull();
        assertThat(c.opensearch().passwordSecret().fetch()).isEqualTo(PASSWORD);
        assertThat(c.toString()).doesNotContain(PASSWORD);
        assertThat(TARGETS).last().asString().startsWith("secretsmanager.GetSecretValue AWS4-HMAC-SHA256 Credential=AKIDSECRETSTEST/")
                .contains("/eu-west-1/secretsmanager/aws4_request");

        m.put("opensearch.password-secret", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:siem/os-json-AbCdEf");
        assertThat(PipelineConfig.from(m).opensearch().passwordSecret().fetch()).isEqualTo(PASSWORD);
    }

    @Test
    void aSecretsManagerPasswordStaysOutOfTheJobGraphAndReachesOpenSearch() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer opensearch = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        opensearch.createContext("/", ex -> {
            authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        opensearch.start();
        try {
            Map<String, String> m = base();
            m.put("opensearch.url", "http://127.0.0.1:" + opensearch.getAddress().getPort());
            m.put("opensearch.password-secret", "siem/opensearch-plain");
            PipelineConfig c = PipelineConfig.from(m);
            // the sink as the job graph carries it to the TaskManagers
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(new io.siemflink.pipeline.sink.OpenSearchSink(c.opensearch(), c.bulk(), c.indexNames()));
            }
            String graph = bytes.toString(StandardCharsets.ISO_8859_1);
            assertThat(graph).contains("siem/opensearch-plain").doesNotContain(PASSWORD);
            // a client (a sink writer's) fetches it where it is built
            int calls = TARGETS.size();
            new io.siemflink.pipeline.opensearch.OpenSearchClient(c.opensearch()).send("GET", "/", "");
            assertThat(TARGETS).hasSize(calls + 1);
            assertThat(authorizations).containsExactly("Basic " + java.util.Base64.getEncoder()
                    .encodeToString(("siem:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        } finally {
            opensearch.stop(0);
        }
    }

    @Test
    void secretsManagerErrorsNameTheSecretNotItsValue() {
        Map<String, String> m = base();
        m.put("opensearch.password-secret", "siem/missing");
        assertThatThrownBy(() -> PipelineConfig.from(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("opensearch.password-secret siem/missing cannot be read")
                .hasMessageContaining("ResourceNotFound").hasMessageNotContaining(PASSWORD);
        m.put("opensearch.password-secret", "siem/no-password");
        assertThatThrownBy(() -> PipelineConfig.from(m)).hasMessageContaining("without a \"password\" member")
                .hasMessageNotContaining("username");
    }

    @Test
    void thePasswordComesFromAFileWithoutItsTrailingNewline() throws Exception {
        Path f = tmp.resolve("os-password");
        Files.writeString(f, PASSWORD + "\n");
        Map<String, String> m = base();
        m.put("opensearch.password-file", f.toString());
        assertThat(PipelineConfig.from(m).opensearch().password()).isEqualTo(PASSWORD);

        m.put("opensearch.password-file", tmp.resolve("missing").toString());
        assertThatThrownBy(() -> PipelineConfig.from(m)).hasMessageContaining("opensearch.password-file")
                .hasMessageContaining("cannot be read");
    }

    @Test
    void onlyOneSourceOfThePasswordAndNeverAConfigFile() throws Exception {
        Map<String, String> m = base();
        m.put("opensearch.password", PASSWORD);
        m.put("opensearch.password-secret", "siem/opensearch-plain");
        assertThatThrownBy(() -> PipelineConfig.from(m)).hasMessageContaining("set only one of").hasMessageNotContaining(PASSWORD);

        Path yaml = tmp.resolve("siem.yaml");
        Files.writeString(yaml, "opensearch:\n  url: https://search.example.com\n  password: " + PASSWORD + "\n");
        assertThatThrownBy(() -> ConfigSources.file(yaml)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("keep secrets out of configuration").hasMessageNotContaining(PASSWORD);
        Path props = tmp.resolve("siem.properties");
        Files.writeString(props, "opensearch.password=" + PASSWORD + "\n");
        assertThatThrownBy(() -> ConfigSources.file(props)).hasMessageNotContaining(PASSWORD);
        // The environment is where it belongs.
        assertThat(ConfigSources.environment(Map.of("OPENSEARCH_PASSWORD", PASSWORD))).containsEntry("opensearch.password", PASSWORD);
        assertThat(ConfigSources.environment(Map.of("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:1")))
                .containsEntry("aws.endpoint.secretsmanager", "http://127.0.0.1:1");
        assertThat(URI.create(base().get("aws.endpoint.secretsmanager")).getHost()).isEqualTo("127.0.0.1");
    }
}
