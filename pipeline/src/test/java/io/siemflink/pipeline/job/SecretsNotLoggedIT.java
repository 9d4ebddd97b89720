package io.siemflink.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.siemflink.parsers.LogType;
import io.siemflink.pipeline.local.TestOpenSearch;
import io.siemflink.pipeline.opensearch.OpenSearchClient;
import io.siemflink.pipeline.opensearch.OpenSearchSettings;
import io.siemflink.pipeline.source.TestS3;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never reach the logs: the job's own entry point ({@link JobMain}, as {@code flink run} and Managed Flink
 * start it) runs in a child JVM with an OpenSearch password and an AWS secret key in its environment, logging at INFO
 * (DEBUG for our packages). Everything it writes (stdout, stderr, every logger) is scanned for both, also in the
 * base64 form basic auth sends: once for a run that succeeds (s3proxy -> OpenSearch), once for a run that fails at
 * start because OpenSearch refuses the credentials (error messages and stack traces included).
 */
class SecretsNotLoggedIT {
    private static final String PASSWORD = "os-pw-7c1e9b-do-not-log";
    private static final String USERNAME = "siem-writer";

    @TempDir
    Path tmp;

    private List<String> secrets() {
        return List.of(PASSWORD, TestS3.SECRET_KEY,
                Base64.getEncoder().encodeToString((USERNAME + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    /** Runs JobMain with the test classpath; returns its exit code, output in {@code out}. */
    private int runJobMain(Path config, Path out) throws Exception {
        Path log4j = tmp.resolve("log4j2.properties");
        Files.writeString(log4j, String.join("\n", "rootLogger.level = INFO", "rootLogger.appenderRef.out.ref = out",
                "appender.out.type = Console", "appender.out.name = out", "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = %d %p %c - %m%n%throwable", "logger.siem.name = io.siemflink",
                "logger.siem.level = DEBUG", ""));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "--add-opens", "java.base/java.util=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Dlog4j2.configurationFile=" + log4j.toUri(), "-cp", System.getProperty("java.class.path"),
                JobMain.class.getName(), "--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("OPENSEARCH_") || k.equals("JAVA_TOOL_OPTIONS"));
        env.put("OPENSEARCH_PASSWORD", PASSWORD);
        env.put("AWS_ACCESS_KEY_ID", TestS3.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", TestS3.SECRET_KEY);
        env.put("AWS_REGION", TestS3.REGION);
        Process p = pb.start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("JobMain did not end; output: " + Files.readString(out));
        }
        return p.exitValue();
    }

    private static String config(String opensearchUrl, String bucket, String tag, java.net.URI s3) {
        return String.join("\n",
                "source:", "  trail:", "    uri: s3://" + bucket + "/logs/", "    watch: false",
                "aws:", "  endpoint:", "    s3: " + s3,
                "opensearch:", "  url: " + opensearchUrl, "  auth: basic", "  username: " + USERNAME,
                "index:", "  template-prefix: " + tag, "  prefix:", "    cloudtrail: " + tag + "-ct", "    vpcflow: " + tag + "-vpc",
                "    elb: " + tag + "-elb", "    deadletter: " + tag + "-dl",
                "job:", "  checkpoint-interval: 1s", "  parallelism: 1", "");
    }

    @Test
    void neitherASuccessfulRunNorARefusedOneLogsTheSecrets() throws Exception {
        TestS3 s3 = TestS3.get();
        String bucket = s3.uniqueBucket("secrets");
        s3.uploadTree(S3Harness.sampleBucket(), bucket, "logs/");
        String tag = "secrets-" + Long.toString(System.nanoTime(), 36);
        OpenSearchClient client = new OpenSearchClient(OpenSearchSettings.local(TestOpenSearch.get().url()));

        // 1. A run that works (the integ-test OpenSearch has no security plugin: it ignores the credentials).
        Path ok = tmp.resolve("ok.yaml");
        Files.writeString(ok, config(TestOpenSearch.get().url().toString(), bucket, tag, s3.endpoint()));
        Path okOut = tmp.resolve("ok.log");
        int okExit = runJobMain(ok, okOut);
        String okLog = Files.readString(okOut);
        assertThat(okExit).as(okLog).isZero();
        assertThat(okLog).contains("starting with PipelineConfig").contains("password=***").contains("index setup:")
                .contains("Job siemflink");
        assertThat(PipelineHarness.count(client, tag + "-ct-*")).isEqualTo(
                PipelineHarness.events(PipelineHarness.parseDirectly(S3Harness.sampleBucket()), LogType.CLOUDTRAIL));

        // 2. A run OpenSearch refuses: 401 for the credentials, as a secured cluster answers a wrong password.
        HttpServer refusing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        refusing.createContext("/", ex -> {
            byte[] body = ("{\"error\":{\"type\":\"security_exception\",\"reason\":\"authentication failed for user ["
                    + USERNAME + "]\"},\"status\":401}").getBytes(StandardCharsets.UTF_8);
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"OpenSearch Security\"");
            ex.sendResponseHeaders(401, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        refusing.start();
        String refusedLog;
        int refusedExit;
        try {
            Path bad = tmp.resolve("refused.yaml");
            Files.writeString(bad, config("http://127.0.0.1:" + refusing.getAddress().getPort(), bucket, tag + "-x", s3.endpoint()));
            Path badOut = tmp.resolve("refused.log");
            refusedExit = runJobMain(bad, badOut);
            refusedLog = Files.readString(badOut);
        } finally {
            refusing.stop(0);
        }
        assertThat(refusedExit).as(refusedLog).isNotZero();
        assertThat(refusedLog).contains("401").contains("Exception");

        System.out.printf("secrets scan: %d lines of a successful run, %d lines of a refused one (\"%s\"); none holds a"
                + " secret%n", okLog.lines().count(), refusedLog.lines().count(),
                refusedLog.lines().filter(l -> l.contains("401")).findFirst().orElse(""));
        for (String secret : secrets()) {
            assertThat(okLog).as("successful run's output").doesNotContain(secret);
            assertThat(refusedLog).as("refused run's output").doesNotContain(secret);
        }
    }
}
