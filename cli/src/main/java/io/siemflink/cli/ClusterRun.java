package io.siemflink.cli;

import io.siemflink.pipeline.config.PipelineConfig;
import io.siemflink.pipeline.config.SourceConfig;
import io.siemflink.pipeline.job.ToIndexActions;
import io.siemflink.pipeline.opensearch.OpenSearchClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code siem run --cluster URL}: the job jar ({@code pipeline/target/siemflink-job.jar}) uploaded to a Flink
 * cluster's REST API and run with {@code JobMain} and the settings as {@code --set KEY=VALUE} arguments. Bounded runs
 * are followed to the end (progress and the final counts from the job's accumulators, then documents per index);
 * streaming runs are left running on the cluster.
 */
final class ClusterRun {
    static final String ENTRY_CLASS = "io.siemflink.pipeline.job.JobMain";
    /** Never sent as a program argument (the web UI shows those): the cluster's environment supplies it. */
    static final String SECRET = "opensearch.password";

    private ClusterRun() {
    }

    static Path defaultJar() {
        return ClusterCommand.home().resolve("pipeline/target/siemflink-job.jar");
    }

    static int execute(PipelineConfig config, Map<String, String> raw, URI cluster, Path jar, PrintStream err)
            throws Exception {
        if (!Files.isRegularFile(jar)) {
            err.println("siem run: job jar " + jar + " not found (it is built by mvn package / ./siem build)");
            return 1;
        }
        FlinkRest rest = new FlinkRest(cluster);
        try {
            err.println("siem run: Flink " + rest.version() + " at " + cluster);
        } catch (IOException e) {
            err.println("siem run: no Flink REST API at " + cluster + " (" + e.getMessage() + "); start one with ./siem cluster start");
            return 1;
        }
        OpenSearchClient client = RunCommand.prepareOpenSearch(config, err);
        if (client == null) {
            return 1;
        }
        boolean bounded = config.sources().stream().allMatch(SourceConfig::bounded);
        if (raw.containsKey(SECRET)) {
            err.println("siem run: opensearch.password is not sent to the cluster; set OPENSEARCH_PASSWORD in the environment"
                    + " of ./siem cluster start (or of your Flink processes)");
        }
        long started = System.nanoTime();
        String jarId = rest.upload(jar);
        String jobId;
        try {
            jobId = rest.run(jarId, ENTRY_CLASS, programArgs(config, raw));
        } catch (IOException e) {
            err.println("siem run: the cluster could not start the job: " + firstLines(e.getMessage(), 8));
            return 1;
        } finally {
            rest.deleteJar(jarId);
        }
        err.println("siem run: job " + jobId + " submitted; web UI " + cluster + "/#/job/running/" + jobId + "/overview");
        if (!bounded) {
            err.println("siem run: the job keeps running on the cluster; cancel it with ./siem cluster cancel " + jobId);
            return 0;
        }
        // Interrupting this command leaves the job running on the cluster.
        err.println("siem run: waiting for the job to finish (it runs on the cluster: ./siem cluster cancel " + jobId + " stops it)");
        long lastRead = -1;
        String state = rest.state(jobId);
        while (!FlinkRest.TERMINAL.contains(state)) {
            Thread.sleep(1000);
            Map<String, Long> acc = rest.accumulators(jobId);
            long read = acc.getOrDefault(ToIndexActions.ACC_READ, 0L);
            if (read != lastRead && read > 0) {
                err.printf("  read %,d records: %,d events, %,d dead letters, %,d skipped%n", read,
                        acc.getOrDefault(ToIndexActions.ACC_EVENTS, 0L), acc.getOrDefault(ToIndexActions.ACC_DEAD_LETTERS, 0L),
                        acc.getOrDefault(ToIndexActions.ACC_SKIPPED, 0L));
                lastRead = read;
            }
            state = rest.state(jobId);
        }
        if (!state.equals("FINISHED")) {
            err.println("siem run: job " + jobId + " " + state + ": " + firstLines(rest.rootException(jobId), 12));
            return 1;
        }
        Map<String, Long> acc = rest.accumulators(jobId);
        err.printf("done in %.1f s: records read %,d = events %,d + dead letters %,d + skipped %,d%n",
                (System.nanoTime() - started) / 1e9, acc.getOrDefault(ToIndexActions.ACC_READ, 0L),
                acc.getOrDefault(ToIndexActions.ACC_EVENTS, 0L), acc.getOrDefault(ToIndexActions.ACC_DEAD_LETTERS, 0L),
                acc.getOrDefault(ToIndexActions.ACC_SKIPPED, 0L));
        RunCommand.printIndexCounts(client, config, err);
        return 0;
    }

    /**
     * The settings as JobMain arguments. Local paths become absolute (the JobManager resolves them, not this
     * shell); templates are already installed by this command.
     */
    static List<String> programArgs(PipelineConfig config, Map<String, String> raw) {
        Map<String, String> settings = new LinkedHashMap<>(raw);
        settings.remove(SECRET);
        for (SourceConfig s : config.sources()) {
            if (s.kind() == SourceConfig.Kind.FILE) {
                settings.put("source." + s.name() + ".uri", s.location());
            }
        }
        settings.put("opensearch.install-templates", "false");
        List<String> args = new ArrayList<>();
        settings.forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        return args;
    }

    private static String firstLines(String text, int n) {
        String[] lines = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOf(lines, Math.min(n, lines.length)));
    }
}
