package io.siemflink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.dashboards.FakeDashboards;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code siem dashboards export|import}; the import against the stand-in for OSD's import API. */
class DashboardsCommandTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "dashboards";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Main.run(all, out, new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Path committed() {
        return Path.of(System.getProperty("siem.home", "..")).resolve("dashboards/siemflink-dashboards.ndjson");
    }

    @Test
    void exportWritesTheCommittedNdjson(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("out/objects.ndjson");
        Result r = run("export", file.toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).containsPattern("wrote \\d+ saved objects to ");
        assertThat(Files.readString(file)).isEqualTo(Files.readString(committed()));
        Result stdout = run("export", "-");
        assertThat(stdout.out()).isEqualTo(Files.readString(committed()));
    }

    @Test
    void importPrintsCreatedThenUpdatedObjects() throws Exception {
        long objects = Files.readAllLines(committed()).size();
        try (FakeDashboards osd = new FakeDashboards()) {
            Result first = run("import", "--url", osd.url().toString());
            assertThat(first.code()).as(first.err()).isZero();
            assertThat(first.out()).contains("created dashboard siemflink-dashboard-elb (SIEM: ELB Summary)")
                    .contains(objects + " created, 0 updated, 0 errors");
            Result second = run("import", "--url", osd.url().toString(), "--tenant", "global", "--file", committed().toString());
            assertThat(second.out()).contains("updated index-pattern siemflink-cloudtrail (log-aws-cloudtrail-*)")
                    .contains("(tenant global): 0 created, " + objects + " updated, 0 errors");
            assertThat(osd.requests.get(1).headers()).containsEntry("securitytenant", "global");
        }
    }

    @Test
    void importSendsCredentialsFromTheNamedEnvironmentVariableAndFailsOnErrors(@TempDir Path tmp) throws Exception {
        String password = System.getenv("PATH");
        String auth = "Basic " + Base64.getEncoder().encodeToString(("reader:" + password).getBytes(StandardCharsets.UTF_8));
        try (FakeDashboards osd = new FakeDashboards().requireAuthorization(auth)) {
            Result denied = run("import", "--url", osd.url().toString());
            assertThat(denied.code()).isEqualTo(1);
            assertThat(denied.err()).contains("HTTP 401").contains("Authentication required");
            Result ok = run("import", "--url", osd.url().toString(), "--user", "reader", "--password-env", "PATH");
            assertThat(ok.code()).as(ok.err()).isZero();

            Path bad = tmp.resolve("bad.ndjson");
            Files.writeString(bad, "{\"attributes\":{\"title\":\"Orphan\"},\"id\":\"o\",\"references\":[{\"name\":\"r\","
                    + "\"type\":\"index-pattern\",\"id\":\"nope\"}],\"type\":\"visualization\"}\n");
            Result failed = run("import", "--url", osd.url().toString(), "--user", "reader", "--password-env", "PATH",
                    "--file", bad.toString());
            assertThat(failed.code()).isEqualTo(1);
            assertThat(failed.err()).contains("error   visualization o (Orphan): missing_references index-pattern:nope");
        }
    }

    @Test
    void usageErrors() {
        assertThat(run().code()).isEqualTo(2);
        assertThat(run("import").err()).contains("import needs --url");
        assertThat(run("import", "--url", "http://localhost:5601", "--password-env", "SIEMFLINK_NO_SUCH_VARIABLE").err())
                .contains("SIEMFLINK_NO_SUCH_VARIABLE: that environment variable is not set");
        assertThat(run("import", "--url", "http://dashboards.example.com", "--user", "u", "--password-env", "PATH").err())
                .contains("plain HTTP");
        assertThat(run("export").code()).isEqualTo(2);
        assertThat(run("frobnicate").err()).contains("unknown subcommand");
    }
}
