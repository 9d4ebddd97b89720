package io.siemflink.cli;

import io.siemflink.pipeline.config.PipelineConfig;
import io.siemflink.pipeline.local.LocalOpenSearch;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code siem demo}: the embedded default end to end. Starts the local OpenSearch (unless it runs), installs the
 * index templates, runs the job over the bucket-shaped sample in {@code test-data/bucket} on a Flink MiniCluster,
 * and prints what landed where. Running it twice adds no document: ids are deterministic.
 */
final class DemoCommand {
    private DemoCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Path home = Path.of(System.getProperty("siem.home", ".")).toAbsolutePath().normalize();
        Path bucket = home.resolve("test-data/bucket");
        int port = 9200;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(ParseCommand.value(args, ++i, "--port"));
                case "--bucket" -> bucket = Path.of(ParseCommand.value(args, ++i, "--bucket")).toAbsolutePath();
                case "--help", "-h" -> {
                    err.println("usage: siem demo [--port 9200] [--bucket DIR]");
                    return 0;
                }
                default -> throw new UsageException("unknown option " + args[i]);
            }
        }
        if (!Files.isDirectory(bucket)) {
            err.println("siem demo: no sample bucket at " + bucket);
            return 1;
        }
        Path data = LocalOpenSearch.defaultRoot(home).resolve("node");
        Optional<LocalOpenSearch> running = LocalOpenSearch.attach(data);
        String url;
        if (running.isPresent()) {
            url = running.get().url().toString();
            err.println("siem demo: using the local OpenSearch at " + url);
        } else {
            int rc = OpenSearchCommand.run(new String[] {"start", "--port", Integer.toString(port)}, new PrintStream(
                    java.io.OutputStream.nullOutputStream()), err);
            if (rc != 0) {
                return rc;
            }
            url = LocalOpenSearch.attach(data).orElseThrow().url().toString();
        }
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("source.demo.uri", bucket.toString());
        raw.put("source.demo.watch", "false");
        // The attack scenario gives the detections something to find (docs/DETECTIONS.md).
        Path scenario = home.resolve("test-data/scenarios/cross-source");
        if (bucket.equals(home.resolve("test-data/bucket").toAbsolutePath()) && Files.isDirectory(scenario)) {
            raw.put("source.scenario.uri", scenario.toString());
            raw.put("source.scenario.watch", "false");
        }
        raw.put("opensearch.url", url);
        raw.put("job.checkpoint-interval", "2s");
        PipelineConfig config = PipelineConfig.from(raw);
        int rc = RunCommand.execute(config, err);
        if (rc == 0) {
            err.println();
            err.println("next:");
            err.println("  curl -s '" + url + "/log-aws-cloudtrail-*/_search?q=event.outcome:failure&size=1&pretty'");
            err.println("  curl -s '" + url + "/siem-deadletter-*/_search?pretty'   # what could not be indexed, and why");
            err.println("  curl -s '" + url + "/siem-findings-*/_search?q=rule.ruleset:correlation&pretty'   # detections");
            err.println("  ./siem detect test-data/scenarios/cross-source   # the same detections without OpenSearch");
            err.println("  ./siem run --source s3://BUCKET/AWSLogs/ --opensearch " + url + "   # your own logs (AWS_REGION set)");
            err.println("  ./siem opensearch stop");
            out.println(url);
        }
        return rc;
    }
}
