package io.siemflink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.testing.TestPaths;
import io.siemflink.pipeline.local.LocalOpenSearch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The commands people type, against a real local OpenSearch started and stopped by the CLI itself. */
class CliIT {
    record Result(int code, String out, String err) {
    }

    static Result siem(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, out, new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]));
        return new Result(code, out.toString(StandardCharsets.UTF_8).trim(), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void opensearchLifecycleAndABoundedRunThatARerunDoesNotDuplicate() throws Exception {
        Path data = Files.createTempDirectory("siem-cli-os-");
        String port = Integer.toString(LocalOpenSearch.freePort());
        try {
            assertThat(siem("opensearch", "status", "--data", data.toString()).code()).isEqualTo(3);
            Result start = siem("opensearch", "start", "--port", port, "--data", data.toString());
            assertThat(start.code()).as(start.err()).isZero();
            assertThat(start.out()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(siem("opensearch", "status", "--data", data.toString()).out()).isEqualTo(start.out());

            String bucket = TestPaths.testData().resolve("bucket").toString();
            Result run = siem("run", "--bounded", "--source", bucket, "--opensearch", start.out(), "--checkpoint-interval", "1s");
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.err()).contains("records read 1,806 = events 1,800 + dead letters 3 + skipped 3")
                    .containsPattern("log-aws-cloudtrail-2024-05-01 +350")
                    .containsPattern("log-aws-elb-2025-06-01 +550")
                    .containsPattern("log-aws-vpcflowlogs-2025-08-20 +900")
                    .containsPattern("siem-deadletter-\\d{4}-\\d\\d-\\d\\d +3");

            // The run installed the templates; setup finds them in place.
            Result setup = siem("setup", "--opensearch", start.out());
            assertThat(setup.code()).as(setup.err()).isZero();
            assertThat(setup.out()).contains("index template siemflink-cloudtrail: unchanged")
                    .contains("index template siemflink-deadletter: unchanged");

            Result again = siem("run", "--bounded", "--source", bucket, "--opensearch", start.out());
            assertThat(again.code()).isZero();
            assertThat(again.err()).containsPattern("log-aws-vpcflowlogs-2025-08-20 +900");

            // Detections in the job: the findings index holds what 'siem detect' finds in the same logs.
            String scenario = TestPaths.testData().resolve("scenarios/cross-source").toString();
            Result detect = siem("detect", "--quiet", scenario);
            assertThat(detect.code()).as(detect.err()).isZero();
            long expected = detect.out().lines().filter(l -> !l.isBlank()).count();
            assertThat(expected).isGreaterThan(5);
            Result scenarioRun = siem("run", "--bounded", "--source", scenario, "--opensearch", start.out(),
                    "--checkpoint-interval", "1s");
            assertThat(scenarioRun.code()).as(scenarioRun.err()).isZero();
            assertThat(scenarioRun.err()).containsPattern("siem-findings-2025-06-01 +" + expected + "\\b");

            Result badConfig = siem("run", "--source", bucket, "--set", "index.granularity=week");
            assertThat(badConfig.code()).isEqualTo(2);
            assertThat(badConfig.err()).contains("granularity");
            Result unreachable = siem("run", "--bounded", "--source", bucket, "--opensearch", "http://127.0.0.1:" + LocalOpenSearch.freePort());
            assertThat(unreachable.code()).isEqualTo(1);
            assertThat(unreachable.err()).contains("not reachable");
        } finally {
            Result stop = siem("opensearch", "stop", "--data", data.toString());
            assertThat(stop.code()).isZero();
            assertThat(siem("opensearch", "status", "--data", data.toString()).code()).isEqualTo(3);
        }
    }
}
