package io.siemflink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siemflink.parsers.LogType;
import io.siemflink.pipeline.config.ConfigException;
import io.siemflink.pipeline.config.ConfigSources;
import io.siemflink.pipeline.config.PipelineConfig;
import io.siemflink.pipeline.job.SiemJob;
import io.siemflink.pipeline.job.ToIndexActions;
import io.siemflink.pipeline.opensearch.OpenSearchClient;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code siem run}: the streaming job on an embedded Flink MiniCluster, from a config file and/or flags. Bounded
 * runs show progress and end with a summary; unbounded runs go on until interrupted.
 */
final class RunCommand {
    static final String HELP = """
            usage: siem run [--config FILE] [--properties FILE] [--source URI]... [--type auto|cloudtrail|vpcflow|elb] [--opensearch URL]
                            [--bounded] [--parallelism N] [--checkpoint-interval 30s] [--vpc-format "FIELDS"]
                            [--keep-original] [--set KEY=VALUE]... [--cluster URL [--jar FILE]] [--metrics-port P]

              --source URI   s3://bucket/prefix | sqs://QUEUE_URL | kinesis://STREAM_ARN | file://DIR (or a path)
              --bounded      read what exists, then exit (backfills, tests); default: keep watching for new objects
              --properties F Managed Flink property groups (deploy/flink-application-properties-dev.json format)
              --set K=V      any setting of docs/CONFIG.md, e.g. --set index.granularity=month
              --cluster URL  submit the job jar to a Flink cluster's REST API (./siem cluster start) instead of running
                             it in this process; --jar FILE (default pipeline/target/siemflink-job.jar)
              --metrics-port P   embedded run: Prometheus metrics on http://127.0.0.1:P/metrics
            Settings come from --config, then the environment (AWS_REGION, AWS_ENDPOINT_URL_S3, OPENSEARCH_URL, ...),
            then flags. The default OpenSearch is http://127.0.0.1:9200 (./siem opensearch start).
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    static int run(String[] args, PrintStream err) throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        Map<String, String> raw = new LinkedHashMap<>();
        List<String> sources = new ArrayList<>();
        String type = null;
        boolean bounded = false;
        String cluster = null;
        Path jar = ClusterRun.defaultJar();
        Configuration flink = new Configuration();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--config" -> raw.putAll(ConfigSources.file(Path.of(ParseCommand.value(args, ++i, a))));
                case "--properties" -> raw.putAll(ConfigSources.managedFlink(Path.of(ParseCommand.value(args, ++i, a))));
                case "--source" -> sources.add(ParseCommand.value(args, ++i, a));
                case "--type" -> type = ParseCommand.value(args, ++i, a);
                case "--opensearch" -> flags.put("opensearch.url", ParseCommand.value(args, ++i, a));
                case "--bounded" -> bounded = true;
                case "--parallelism" -> flags.put("job.parallelism", ParseCommand.value(args, ++i, a));
                case "--checkpoint-interval" -> flags.put("job.checkpoint-interval", ParseCommand.value(args, ++i, a));
                case "--vpc-format" -> flags.put("parser.vpc-format", ParseCommand.value(args, ++i, a));
                case "--keep-original" -> flags.put("parser.keep-original", "true");
                case "--set" -> ParseCommand.setting(ParseCommand.value(args, ++i, "--set"), flags);
                case "--cluster" -> cluster = ParseCommand.value(args, ++i, a);
                case "--jar" -> jar = Path.of(ParseCommand.value(args, ++i, a));
                case "--metrics-port" -> {
                    flink.setString("metrics.reporter.prom.factory.class",
                            io.siemflink.cluster.LoopbackPrometheusReporterFactory.class.getName());
                    flink.setString("metrics.reporter.prom.port", ParseCommand.value(args, ++i, a));
                }
                case "--help", "-h" -> {
                    err.print(HELP);
                    return 0;
                }
                default -> throw new UsageException("unknown option " + a + "\n" + HELP);
            }
        }
        raw.putAll(ConfigSources.environment(System.getenv()));
        raw.putAll(flags);
        for (int i = 0; i < sources.size(); i++) {
            String name = i == 0 ? "cli" : "cli" + (i + 1);
            raw.put("source." + name + ".uri", sources.get(i));
            if (type != null) {
                raw.put("source." + name + ".type", type);
            }
        }
        if (bounded) {
            for (String k : new ArrayList<>(raw.keySet())) {
                if (k.startsWith("source.") && k.endsWith(".uri")) {
                    raw.put(k.substring(0, k.length() - 4) + ".watch", "false");
                }
            }
        }
        PipelineConfig config;
        try {
            config = PipelineConfig.from(raw);
        } catch (ConfigException e) {
            err.println("siem run: " + e.getMessage());
            return 2;
        }
        if (cluster != null) {
            return ClusterRun.execute(config, raw, java.net.URI.create(cluster), jar, err);
        }
        return execute(config, flink, err);
    }

    /** Checks that OpenSearch answers and installs the templates; null (after saying why) when it does not. */
    static OpenSearchClient prepareOpenSearch(PipelineConfig config, PrintStream err) throws Exception {
        OpenSearchClient client = new OpenSearchClient(config.opensearch());
        try {
            OpenSearchClient.Response r = client.send("GET", "/", (byte[]) null);
            if (!r.ok()) {
                err.println("siem run: OpenSearch at " + config.opensearch().url() + " answered " + r.status() + ": " + r.text());
                return null;
            }
        } catch (java.io.IOException e) {
            err.println("siem run: OpenSearch is not reachable at " + config.opensearch().url() + " (" + e.getMessage()
                    + "); start one with ./siem opensearch start");
            return null;
        }
        for (String line : Setup.install(client, config)) {
            err.println("  " + line);
        }
        return client;
    }

    static int execute(PipelineConfig config, PrintStream err) throws Exception {
        return execute(config, new Configuration(), err);
    }

    /** Runs the job on a MiniCluster configured by {@code flink}, reporting progress on stderr; returns the exit code. */
    static int execute(PipelineConfig config, Configuration flink, PrintStream err) throws Exception {
        OpenSearchClient client = prepareOpenSearch(config, err);
        if (client == null) {
            return 1;
        }
        boolean bounded = config.sources().stream().allMatch(s -> s.bounded());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
                config.parallelism() > 0 ? config.parallelism() : Runtime.getRuntime().availableProcessors(), flink);
        SiemJob.fromConfig(env, config);
        err.println("siem run: " + (bounded ? "reading what exists" : "watching") + " " + config.sources().stream()
                .map(s -> s.kind().name().toLowerCase() + ":" + s.location()).toList() + " -> " + config.opensearch().url());
        long started = System.nanoTime();
        JobClient job = env.executeAsync("siemflink");
        Thread cancel = new Thread(() -> {
            try {
                job.cancel().get();
            } catch (Exception e) {
                // already finished
            }
        });
        Runtime.getRuntime().addShutdownHook(cancel);
        // Progress from the accumulators while the job runs; the main thread waits for the result.
        Thread progress = new Thread(() -> {
            long lastRead = 0;
            try {
                while (true) {
                    Thread.sleep(2000);
                    Map<String, Object> acc = job.getAccumulators().get();
                    long read = number(acc, ToIndexActions.ACC_READ);
                    if (read != lastRead) {
                        err.printf("  read %,d records: %,d events, %,d dead letters, %,d skipped (%,.0f records/s)%n", read,
                                number(acc, ToIndexActions.ACC_EVENTS), number(acc, ToIndexActions.ACC_DEAD_LETTERS),
                                number(acc, ToIndexActions.ACC_SKIPPED), read / ((System.nanoTime() - started) / 1e9));
                        lastRead = read;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // the job ended between two polls
            }
        }, "siem-progress");
        progress.setDaemon(true);
        progress.start();
        JobExecutionResult result;
        try {
            result = job.getJobExecutionResult().get();
        } finally {
            progress.interrupt();
            try {
                Runtime.getRuntime().removeShutdownHook(cancel);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
        Map<String, Object> acc = result.getAllAccumulatorResults();
        double secs = (System.nanoTime() - started) / 1e9;
        long read = number(acc, ToIndexActions.ACC_READ);
        err.printf("done in %.1f s: records read %,d = events %,d + dead letters %,d + skipped %,d%n", secs, read,
                number(acc, ToIndexActions.ACC_EVENTS), number(acc, ToIndexActions.ACC_DEAD_LETTERS),
                number(acc, ToIndexActions.ACC_SKIPPED));
        printIndexCounts(client, config, err);
        return 0;
    }

    static void printIndexCounts(OpenSearchClient client, PipelineConfig config, PrintStream err) throws Exception {
        List<String> patterns = new ArrayList<>();
        for (LogType t : LogType.values()) {
            patterns.add(config.indexNames().prefix(t) + "-*");
        }
        patterns.add(config.indexNames().deadLetterPrefix() + "-*");
        if (config.detect().enabled()) {
            patterns.add(config.indexNames().findingsPrefix() + "-*");
        }
        String joined = String.join(",", patterns);
        client.send("POST", "/" + joined + "/_refresh?allow_no_indices=true&ignore_unavailable=true", (byte[]) null);
        OpenSearchClient.Response r = client.send("GET", "/_cat/indices/" + joined + "?format=json&h=index,docs.count&s=index",
                (byte[]) null);
        if (!r.ok()) {
            return;
        }
        err.println("documents per index in " + config.opensearch().url() + ":");
        for (JsonNode n : JSON.readTree(r.body())) {
            err.printf("  %-45s %,10d%n", n.path("index").asText(), n.path("docs.count").asLong());
        }
    }

    private static long number(Map<String, Object> acc, String name) {
        Object v = acc.get(name);
        return v instanceof Number n ? n.longValue() : 0;
    }
}
