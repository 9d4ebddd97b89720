package io.siemflink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siemflink.parsers.testing.TestPaths;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParseCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(int code, String out, String err) {
        List<JsonNode> docs() throws IOException {
            List<JsonNode> l = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isEmpty()) {
                    l.add(JSON.readTree(line));
                }
            }
            return l;
        }
    }

    static Result run(InputStream stdin, String... args) {
        return command("parse", stdin, args);
    }

    /** Runs {@code siem <name> args...} in this JVM. */
    static Result command(String name, InputStream stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = name;
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Main.run(all, out, new PrintStream(err, true, StandardCharsets.UTF_8), stdin);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Result run(String... args) {
        return run(new ByteArrayInputStream(new byte[0]), args);
    }

    @Test
    void bucketDirectoryGivesOneDocumentPerEventAndAnHonestSummary() throws IOException {
        Path bucket = TestPaths.testData().resolve("bucket");
        Result r = run("--quiet", "--dead-letter", "/dev/null", bucket.toString());
        assertThat(r.code()).isZero();
        List<JsonNode> docs = r.docs();
        assertThat(docs).hasSize(1800);
        assertThat(docs).allSatisfy(d -> assertThat(d.path("@timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
        // Files are read in key order: CloudTrail, then ELB, then VPC Flow (AWSLogs/<acct>/<Service>/...).
        assertThat(docs.get(0).path("event").path("dataset").asText()).isEqualTo("aws.cloudtrail");
        assertThat(docs.get(docs.size() - 1).path("event").path("dataset").asText()).isEqualTo("aws.vpcflow");

        Result summary = run("--dead-letter", "/dev/null", bucket.toString());
        assertThat(summary.err()).contains("records read: 1806 = documents: 1800 + dead letters: 3 + skipped: 3")
                .contains("cloudtrail digest file=1");
    }

    @Test
    void deadLettersGoToTheirFileWithReasonAndOriginal(@TempDir Path tmp) throws IOException {
        Path in = tmp.resolve("alb.log");
        String good = "http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 "
                + "0.000 0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - "
                + "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "
                + "\"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" "
                + "\"10.0.0.1:80\" \"200\" \"-\" \"-\"";
        Files.writeString(in, good + "\nhttp garbage\n" + good.replace("2817", "2818"));
        Path dl = tmp.resolve("dl.ndjson");
        Result r = run("--type", "alb", "--dead-letter", dl.toString(), in.toString());
        assertThat(r.code()).isZero();
        assertThat(r.docs()).hasSize(2);
        assertThat(r.docs().get(1).path("source").path("port").asInt()).isEqualTo(2818);
        List<String> dead = Files.readAllLines(dl);
        assertThat(dead).hasSize(1);
        JsonNode d = JSON.readTree(dead.get(0));
        assertThat(d.path("original").asText()).isEqualTo("http garbage");
        assertThat(d.path("line").asInt()).isEqualTo(2);
        assertThat(d.path("reason").asText()).isNotEmpty();
        assertThat(d.path("source").asText()).isEqualTo(in.toString());
    }

    @Test
    void stdinWithGzipAndAKeyThatTellsTheType() throws IOException {
        String flow = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write((flow + "\n" + flow.replace("20641", "20642")).getBytes(StandardCharsets.UTF_8)); // no final newline
        }
        Result r = run(new ByteArrayInputStream(gz.toByteArray()), "--quiet",
                "--key", "AWSLogs/123456789010/vpcflowlogs/eu-west-1/2014/12/14/x.log.gz", "-");
        assertThat(r.code()).isZero();
        List<JsonNode> docs = r.docs();
        assertThat(docs).hasSize(2);
        assertThat(docs.get(1).path("source").path("port").asInt()).isEqualTo(20642);
        assertThat(docs.get(0).path("cloud").path("region").asText()).isEqualTo("eu-west-1");
    }

    @Test
    void usageErrorsExitTwoAndUnreadableFilesExitOne(@TempDir Path tmp) throws IOException {
        assertThat(run().code()).isEqualTo(2);
        assertThat(run("--type", "syslog", "x").code()).isEqualTo(2);
        assertThat(run("--frobnicate", "x").code()).isEqualTo(2);
        Result missing = run(tmp.resolve("nope.log").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("cannot read").contains("no such file");
        // A readable file next to an unreadable one is still parsed.
        Path ok = tmp.resolve("ok.log");
        Files.writeString(ok, "2 123456789010 eni-1 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n");
        Result both = run(tmp.resolve("nope.log").toString(), ok.toString());
        assertThat(both.code()).isEqualTo(1);
        assertThat(both.docs()).hasSize(1);
    }

    @Test
    void garbageIsADeadLetterNotACrash(@TempDir Path tmp) throws IOException {
        Path bin = tmp.resolve("random.bin");
        byte[] b = new byte[50_000];
        new java.util.Random(7).nextBytes(b);
        Files.write(bin, b);
        Result r = run("--dead-letter", tmp.resolve("dl").toString(), bin.toString());
        assertThat(r.code()).isZero();
        assertThat(r.docs()).isEmpty();
        assertThat(r.err()).contains("dead letters: 1").contains("unknown_type");
    }

    /** --enrich over Elastic's VPC flow sample: geo, as and community_id as in Elastic's expected documents. */
    @Test
    void enrichAddsGeoAsCommunityIdIntelAndAccountNames(@TempDir Path tmp) throws IOException {
        Path fixtures = TestPaths.fixtures();
        Path input = fixtures.resolve("elastic/vpcflow/test-extra-samples.log");
        Path intel = Files.createDirectories(tmp.resolve("intel"));
        Files.writeString(intel.resolve("list.txt"), "89.160.20.156\n");
        Path accounts = Files.writeString(tmp.resolve("accounts.csv"), "123456789010,prod\n");
        Result r = run("--type", "vpcflow", "--geoip", fixtures.resolve("geoip").toString(), "--intel", intel.toString(),
                "--accounts", accounts.toString(), input.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> docs = r.docs();
        JsonNode expected = JSON.readTree(fixtures.resolve("elastic/vpcflow/test-extra-samples.log-expected.json").toFile())
                .get("expected");
        assertThat(docs).hasSize(expected.size());
        int withGeo = 0;
        for (int i = 0; i < docs.size(); i++) {
            JsonNode ours = docs.get(i);
            JsonNode exp = expected.get(i);
            for (String side : List.of("source", "destination")) {
                assertThat(ours.path(side).path("geo")).as(i + " " + side).isEqualTo(exp.path(side).path("geo"));
                assertThat(ours.path(side).path("as")).as(i + " " + side).isEqualTo(exp.path(side).path("as"));
                withGeo += exp.path(side).has("geo") ? 1 : 0;
            }
            assertThat(ours.path("network").path("community_id")).isEqualTo(exp.path("network").path("community_id"));
            if (ours.path("source").path("ip").asText().equals("89.160.20.156")) {
                assertThat(ours.path("threat").path("enrichments").get(0).path("matched").path("field").asText())
                        .isEqualTo("source.ip");
            }
        }
        assertThat(withGeo).isGreaterThanOrEqualTo(4);
        assertThat(docs).anyMatch(d -> d.path("threat").has("enrichments"));
        assertThat(r.err()).contains("enrichment: geoip: geo GeoLite2-City-Test.mmdb").contains("threat intel: 1 indicators")
                .containsPattern("enrichment: events=7 geo hits=\\d+");
        // every line of the sample is from account 123456789010
        assertThat(docs).allSatisfy(d -> assertThat(d.path("cloud").path("account").path("name").asText()).isEqualTo("prod"));
    }

    @Test
    void enrichWithAMissingDataDirectoryIsAUsageError(@TempDir Path tmp) {
        Result r = run("--geoip", tmp.resolve("none").toString(), "-");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("enrich.geoip.dir").contains("not a directory");
    }

    @Test
    void withoutEnrichDocumentsAreNotEnriched() throws IOException {
        Path input = TestPaths.fixtures().resolve("elastic/vpcflow/test-extra-samples.log");
        Result r = run("--quiet", "--type", "vpcflow", input.toString());
        assertThat(r.docs()).noneMatch(d -> d.path("network").has("community_id"));
    }
}
