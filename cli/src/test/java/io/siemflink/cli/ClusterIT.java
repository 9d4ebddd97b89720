package io.siemflink.cli;

import static io.siemflink.cli.CliIT.siem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.siemflink.cluster.LocalFlinkCluster;
import io.siemflink.parsers.testing.TestPaths;
import io.siemflink.pipeline.local.LocalOpenSearch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The job jar on a real standalone cluster: {@code siem cluster start} (a JobManager and a TaskManager JVM from the
 * Maven-built classpath), a real OpenSearch, then the shaded {@code pipeline/target/siemflink-job.jar} submitted
 * three ways over {@code test-data/bucket}: {@code siem run --cluster} (REST upload, bounded, counts from the
 * job's accumulators), Flink's own CLI ({@code siem flink run}, as {@code flink run} on any cluster), and a
 * streaming run whose metrics are scraped from the TaskManager's Prometheus endpoint.
 */
class ClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void theJobJarRunsOnAStandaloneClusterBySubmissionByFlinkRunAndStreamingWithMetrics() throws Exception {
        Path os = Files.createTempDirectory("siem-cluster-os-");
        Path dir = Files.createTempDirectory("siem-cluster-");
        String osUrl = null;
        // Both servers outlive this JVM by design: stop them even if the test JVM is ended early.
        Thread cleanup = new Thread(() -> {
            siem("cluster", "stop", "--dir", dir.toString());
            siem("opensearch", "stop", "--data", os.toString());
        });
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            CliIT.Result osStart = siem("opensearch", "start", "--port", Integer.toString(LocalOpenSearch.freePort()),
                    "--data", os.toString());
            assertThat(osStart.code()).as(osStart.err()).isZero();
            osUrl = osStart.out();

            String rest = Integer.toString(LocalFlinkCluster.freePort());
            CliIT.Result start = siem("cluster", "start", "--dir", dir.toString(), "--port", rest, "--prometheus-port", "0");
            assertThat(start.code()).as(start.err()).isZero();
            String url = "http://127.0.0.1:" + rest;
            assertThat(start.out()).isEqualTo(url);
            assertThat(siem("cluster", "status", "--dir", dir.toString()).code()).isZero();
            assertThat(siem("cluster", "start", "--dir", dir.toString()).err()).contains("already running");
            LocalFlinkCluster cluster = LocalFlinkCluster.attach(dir).orElseThrow();
            assertThat(cluster.jobManagerAlive()).isTrue();
            assertThat(cluster.taskManagerAlive()).isTrue();

            String bucket = TestPaths.testData().resolve("bucket").toString();

            // 1. siem run --cluster: jar uploaded over REST, run by JobMain on the cluster, followed to the end.
            CliIT.Result run = siem("run", "--cluster", url, "--bounded", "--source", bucket, "--opensearch", osUrl,
                    "--checkpoint-interval", "1s");
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.err()).contains("Flink 1.19.3 at " + url)
                    .contains("records read 1,806 = events 1,800 + dead letters 3 + skipped 3")
                    .containsPattern("log-aws-cloudtrail-2024-05-01 +350")
                    .containsPattern("log-aws-elb-2025-06-01 +550")
                    .containsPattern("log-aws-vpcflowlogs-2025-08-20 +900")
                    .containsPattern("siem-deadletter-\\d{4}-\\d\\d-\\d\\d +3");
            assertThat(count(osUrl, "log-aws-cloudtrail-*")).isEqualTo(350);
            assertThat(count(osUrl, "log-aws-elb-*")).isEqualTo(550);
            assertThat(count(osUrl, "log-aws-vpcflowlogs-*")).isEqualTo(900);
            assertThat(count(osUrl, "siem-deadletter-*")).isEqualTo(3);

            // 2. Flink's own CLI with the same jar (what `flink run` does on any cluster), into other indices.
            Path jar = ClusterRun.defaultJar();
            ByteArrayCapture flinkOut = new ByteArrayCapture();
            ByteArrayCapture flinkErr = new ByteArrayCapture();
            int flinkRun = ClusterCommand.flink(new String[] {"--dir", dir.toString(), "run", jar.toString(),
                    "--set", "source.b.uri=" + bucket, "--set", "source.b.watch=false", "--set", "opensearch.url=" + osUrl,
                    "--set", "opensearch.install-templates=false", "--set", "job.checkpoint-interval=1s",
                    "--set", "index.prefix.cloudtrail=flinkrun-cloudtrail", "--set", "index.prefix.vpcflow=flinkrun-vpcflow",
                    "--set", "index.prefix.elb=flinkrun-elb", "--set", "index.prefix.deadletter=flinkrun-deadletter"},
                    flinkOut.stream(), flinkErr.printStream());
            assertThat(flinkRun).as(flinkOut + "\n" + flinkErr).isZero();
            assertThat(flinkOut.toString()).contains("has finished").contains("records-read (java.lang.Long): 1806");
            assertThat(count(osUrl, "flinkrun-cloudtrail-*")).isEqualTo(350);
            assertThat(count(osUrl, "flinkrun-elb-*")).isEqualTo(550);
            assertThat(count(osUrl, "flinkrun-vpcflow-*")).isEqualTo(900);
            assertThat(count(osUrl, "flinkrun-deadletter-*")).isEqualTo(3);

            // 3. A streaming run stays on the cluster; its metrics reach Prometheus with exact values.
            CliIT.Result stream = siem("run", "--cluster", url, "--source", bucket, "--opensearch", osUrl,
                    "--checkpoint-interval", "1s", "--set", "index.prefix.cloudtrail=stream-cloudtrail",
                    "--set", "index.prefix.vpcflow=stream-vpcflow", "--set", "index.prefix.elb=stream-elb",
                    "--set", "index.prefix.deadletter=stream-deadletter", "--set", "index.prefix.findings=stream-findings",
                    "--set", "opensearch.install-templates=false");
            assertThat(stream.code()).as(stream.err()).isZero();
            Matcher id = Pattern.compile("job ([0-9a-f]{32}) submitted").matcher(stream.err());
            assertThat(id.find()).as(stream.err()).isTrue();
            String jobId = id.group(1);
            assertThat(stream.err()).contains("keeps running on the cluster");

            Map<String, Double> m = Map.of();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline) {
                m = scrape(cluster, jobId);
                // The sinks' total: the 1,800 events and every finding the detections emitted so far.
                if (m.getOrDefault("documentsIndexed", 0.0) >= 1800 + findings(m) && m.getOrDefault("deadLetterDocumentsIndexed", 0.0) >= 3) {
                    break;
                }
                Thread.sleep(1000);
            }
            assertThat(m).as("metrics of job " + jobId)
                    .containsEntry("siem_type_events{type=cloudtrail}", 350.0)
                    .containsEntry("siem_type_events{type=vpcflow}", 900.0)
                    .containsEntry("siem_type_events{type=elb}", 550.0)
                    .containsEntry("documentsIndexed", 1800.0 + findings(m))
                    .containsEntry("deadLetterDocumentsIndexed", 3.0)
                    .containsEntry("documentsDeadLettered", 0.0)
                    .containsEntry("deadLettersLost", 0.0)
                    .containsEntry("numRestarts", 0.0);
            assertThat(m.get("objectsRead")).isGreaterThan(0);
            assertThat(m.get("siem_detect_sigmaFindings")).isGreaterThan(0);
            assertThat(count(osUrl, "stream-findings-*")).isGreaterThan(0);
            assertThat(count(osUrl, "stream-vpcflow-*")).isEqualTo(900);

            CliIT.Result cancel = siem("cluster", "cancel", jobId, "--dir", dir.toString());
            assertThat(cancel.code()).as(cancel.err()).isZero();
            assertThat(cancel.err()).contains("CANCELED");
        } finally {
            CliIT.Result stop = siem("cluster", "stop", "--dir", dir.toString());
            assertThat(stop.code()).as(stop.err()).isZero();
            if (osUrl != null) {
                siem("opensearch", "stop", "--data", os.toString());
            }
        }
        Runtime.getRuntime().removeShutdownHook(cleanup);
        assertThat(siem("cluster", "status", "--dir", dir.toString()).code()).isEqualTo(3);
        assertThat(LocalFlinkCluster.attach(dir)).isEmpty();
        assertThat(Files.readString(dir.resolve("log/jobmanager.log"))).contains("StandaloneSessionClusterEntrypoint");
        // Kept when the test fails (the logs are there); removed when it passes.
        deleteTree(dir);
        deleteTree(os);
    }

    static void deleteTree(Path p) throws java.io.IOException {
        try (var files = Files.walk(p)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    static long count(String osUrl, String index) throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create(osUrl + "/" + index + "/_refresh")).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(osUrl + "/" + index + "/_count")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("count").asLong(-1);
    }

    /**
     * Our metrics of one job from both Prometheus endpoints, summed over subtasks: {@code name} or
     * {@code name{label=value}} for the labels our key-value groups add.
     */
    static Map<String, Double> scrape(LocalFlinkCluster cluster, String jobId) throws Exception {
        Map<String, Double> out = new HashMap<>();
        Pattern line = Pattern.compile("^flink_(?:taskmanager_job_task_operator|jobmanager_job)_(\\w+)\\{(.*)} (\\S+)$");
        Pattern label = Pattern.compile("(?:^|,)(type|deadletter|skipped)=\"([^\"]*)\"");
        for (URI u : cluster.prometheusUrls()) {
            String page = HTTP.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String l : page.split("\n")) {
                Matcher m = line.matcher(l);
                if (!m.matches() || !m.group(2).contains("job_id=\"" + jobId + "\"")) {
                    continue;
                }
                String key = m.group(1);
                Matcher lm = label.matcher(m.group(2));
                if (lm.find()) {
                    key += "{" + lm.group(1) + "=" + lm.group(2) + "}";
                }
                out.merge(key, Double.parseDouble(m.group(3)), Double::sum);
            }
        }
        return out;
    }

    /** An in-memory stdout/stderr for a command. */
    static final class ByteArrayCapture {
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        java.io.OutputStream stream() {
            return bytes;
        }

        java.io.PrintStream printStream() {
            return new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Findings the job's detections emitted (Sigma per event, windowed and correlated), per its metrics. */
    private static double findings(Map<String, Double> m) {
        return m.getOrDefault("siem_detect_sigmaFindings", 0.0) + m.getOrDefault("siem_detect_windowFindings", 0.0);
    }
}
