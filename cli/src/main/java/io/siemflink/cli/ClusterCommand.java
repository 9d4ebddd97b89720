package io.siemflink.cli;

import io.siemflink.cluster.LocalFlinkCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code siem cluster start|stop|status|cancel}: a standalone Flink session cluster on 127.0.0.1 (see
 * {@link LocalFlinkCluster}), and {@code siem flink ...}: Flink's own command line against it.
 */
final class ClusterCommand {
    static final String HELP = """
            usage: siem cluster start|stop|status|cancel [options]

              start   [--port 8081] [--prometheus-port 9249|0|off] [--slots 2] [--jm-memory 1024m] [--tm-memory 1728m]
                      [--flink KEY=VALUE]...   a JobManager and a TaskManager on 127.0.0.1 (web UI and REST on --port;
                      Prometheus metrics on two ports from --prometheus-port, 0 = free ones; JMX always)
              stop    ends the two processes this folder's pid files name, and nothing else
              status  the URL, the processes, slots and jobs (exit 3 when not running)
              cancel JOB_ID   cancels a job (checkpoints are kept: resume with siem flink run -s <checkpoint> ...)
            all: [--dir .siem/cluster]  the cluster's folder: conf/config.yaml, log/, checkpoints/, pid files

            submit the job: siem run --cluster http://127.0.0.1:8081 --source ... [--bounded]
                        or: siem flink run pipeline/target/siemflink-job.jar --config siem.yaml   (Flink's CLI)
            """;
    static final String FLINK_HELP = """
            usage: siem flink [--dir .siem/cluster] <flink command line>
              Flink's CLI (run, list, cancel, savepoint, ...) with the local cluster's configuration, e.g.
              siem flink run -d pipeline/target/siemflink-job.jar --config siem.yaml
              siem flink list
            """;

    private ClusterCommand() {
    }

    static Path home() {
        return Path.of(System.getProperty("siem.home", ".")).toAbsolutePath().normalize();
    }

    static Path defaultDir() {
        return home().resolve(".siem/cluster");
    }

    /** The cluster JVMs' classpath: Flink, the reporters, log4j and this project's cluster module, from the build. */
    static List<Path> classpath() throws IOException {
        Path module = home().resolve("cluster/target");
        Path listed = module.resolve("classpath.txt");
        if (!Files.exists(listed) || !Files.isDirectory(module.resolve("classes"))) {
            throw new IOException("the cluster classpath " + listed + " is missing: build first (./siem build or mvn package)");
        }
        List<Path> cp = new ArrayList<>();
        cp.add(module.resolve("classes"));
        for (String e : Files.readString(listed).trim().split(java.io.File.pathSeparator)) {
            if (!e.isBlank()) {
                cp.add(Path.of(e));
            }
        }
        return cp;
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            err.print(HELP);
            return args.length == 0 ? 2 : 0;
        }
        String action = args[0];
        Path dir = defaultDir();
        LocalFlinkCluster.Settings d = LocalFlinkCluster.Settings.defaults(dir, home());
        int port = d.restPort();
        int prometheus = d.prometheusPort();
        int slots = d.slots();
        String jm = d.jobManagerMemory();
        String tm = d.taskManagerMemory();
        Map<String, String> flink = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--dir" -> dir = Path.of(ParseCommand.value(args, ++i, a));
                case "--port" -> port = number(ParseCommand.value(args, ++i, a), a);
                case "--prometheus-port" -> {
                    String v = ParseCommand.value(args, ++i, a);
                    prometheus = v.equals("off") ? -1 : number(v, a);
                }
                case "--slots" -> slots = number(ParseCommand.value(args, ++i, a), a);
                case "--jm-memory" -> jm = ParseCommand.value(args, ++i, a);
                case "--tm-memory" -> tm = ParseCommand.value(args, ++i, a);
                case "--flink" -> {
                    Map<String, String> kv = new LinkedHashMap<>();
                    ParseCommand.setting(ParseCommand.value(args, ++i, a), kv);
                    flink.putAll(kv);
                }
                default -> {
                    if (a.startsWith("-")) {
                        throw new UsageException("unknown option " + a + "\n" + HELP);
                    }
                    positional.add(a);
                }
            }
        }
        dir = dir.toAbsolutePath().normalize();
        switch (action) {
            case "start": {
                Optional<LocalFlinkCluster> running = LocalFlinkCluster.attach(dir);
                if (running.isPresent()) {
                    out.println(running.get().url());
                    err.println("siem cluster: already running (folder " + dir + ")");
                    return 0;
                }
                err.println("siem cluster: starting a JobManager and a TaskManager on 127.0.0.1 (folder " + dir + ") ...");
                LocalFlinkCluster c;
                try {
                    c = LocalFlinkCluster.start(classpath(), new LocalFlinkCluster.Settings(dir, port, prometheus, slots, jm, tm,
                            home(), flink), Duration.ofSeconds(120));
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                } catch (IOException e) {
                    err.println("siem cluster: " + e.getMessage());
                    return 1;
                }
                out.println(c.url());
                describe(c, err);
                err.println("siem cluster: up; web UI " + c.url() + "; submit with ./siem run --cluster " + c.url()
                        + " ...; stop with ./siem cluster stop" + (dir.equals(defaultDir()) ? "" : " --dir " + dir));
                return 0;
            }
            case "stop": {
                Optional<LocalFlinkCluster> running = LocalFlinkCluster.attach(dir);
                if (running.isEmpty()) {
                    err.println("siem cluster: not running (folder " + dir + ")");
                    return 0;
                }
                running.get().stop();
                err.println("siem cluster: stopped");
                return 0;
            }
            case "status": {
                Optional<LocalFlinkCluster> running = LocalFlinkCluster.attach(dir);
                if (running.isEmpty()) {
                    err.println("siem cluster: not running (folder " + dir + ")");
                    return 3;
                }
                out.println(running.get().url());
                describe(running.get(), err);
                return 0;
            }
            case "cancel": {
                if (positional.size() != 1) {
                    throw new UsageException("cancel needs a job id\n" + HELP);
                }
                Optional<LocalFlinkCluster> running = LocalFlinkCluster.attach(dir);
                if (running.isEmpty()) {
                    err.println("siem cluster: not running (folder " + dir + ")");
                    return 1;
                }
                FlinkRest rest = new FlinkRest(running.get().url());
                rest.cancel(positional.get(0));
                String state = rest.awaitTerminal(positional.get(0), Duration.ofSeconds(60));
                err.println("siem cluster: job " + positional.get(0) + " " + state);
                return state.equals("CANCELED") ? 0 : 1;
            }
            default:
                throw new UsageException("unknown action " + action + "\n" + HELP);
        }
    }

    private static void describe(LocalFlinkCluster c, PrintStream err) {
        err.println("  jobmanager:  " + (c.jobManagerAlive() ? "running" : "not running") + ", log " + c.logDir().resolve("jobmanager.log"));
        err.println("  taskmanager: " + (c.taskManagerAlive() ? "running" : "not running") + ", log " + c.logDir().resolve("taskmanager.log"));
        try {
            Map<String, Long> o = c.overview();
            err.printf("  slots %d of %d free; jobs running %d, finished %d, canceled %d, failed %d%n",
                    o.getOrDefault("slots-available", 0L), o.getOrDefault("slots-total", 0L), o.getOrDefault("jobs-running", 0L),
                    o.getOrDefault("jobs-finished", 0L), o.getOrDefault("jobs-cancelled", 0L), o.getOrDefault("jobs-failed", 0L));
        } catch (IOException | InterruptedException e) {
            err.println("  REST API not answering: " + e.getMessage());
        }
        if (!c.prometheusUrls().isEmpty()) {
            err.println("  prometheus:  " + String.join(" ", c.prometheusUrls().stream().map(Object::toString).toList()));
        }
    }

    /**
     * {@code siem flink ...}: Flink's CLI ({@code CliFrontend}) in a child JVM with the cluster's classpath and
     * {@code FLINK_CONF_DIR} set to the cluster's conf folder, so {@code run}, {@code list}, {@code cancel} and
     * {@code savepoint} reach the local cluster without {@code -m}. Output is passed through.
     */
    static int flink(String[] args, OutputStream out, PrintStream err) throws Exception {
        Path dir = defaultDir();
        int i = 0;
        if (args.length >= 2 && args[0].equals("--dir")) {
            dir = Path.of(args[1]).toAbsolutePath().normalize();
            i = 2;
        }
        String[] rest = Arrays.copyOfRange(args, i, args.length);
        if (rest.length == 0 || rest[0].equals("--help") && rest.length == 1) {
            err.print(FLINK_HELP);
            return rest.length == 0 ? 2 : 0;
        }
        Path conf = dir.resolve("conf");
        if (!Files.exists(conf.resolve("config.yaml"))) {
            // No local cluster configured: Flink's defaults (pass -m host:port for a remote cluster).
            conf = Files.createTempDirectory("siem-flink-conf");
            Files.writeString(conf.resolve("config.yaml"), "");
            conf.toFile().deleteOnExit();
            conf.resolve("config.yaml").toFile().deleteOnExit();
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(LocalFlinkCluster.javaOpens());
        Path log4j = conf.resolve("log4j.properties");
        if (Files.exists(log4j)) {
            Files.createDirectories(dir.resolve("log"));
            cmd.add("-Dlog.file=" + dir.resolve("log/flink-client.log"));
            cmd.add("-Dlog4j.configurationFile=" + log4j.toUri());
        }
        cmd.addAll(List.of("-classpath", String.join(java.io.File.pathSeparator, classpath().stream().map(Path::toString).toList()),
                "org.apache.flink.client.cli.CliFrontend"));
        cmd.addAll(Arrays.asList(rest));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home().toFile());
        pb.environment().put("FLINK_CONF_DIR", conf.toString());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        Thread o = pump(p.getInputStream(), out);
        Thread e = pump(p.getErrorStream(), err);
        int code = p.waitFor();
        o.join();
        e.join();
        return code;
    }

    private static Thread pump(InputStream in, OutputStream to) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(to);
                to.flush();
            } catch (IOException ignored) {
                // the child ended
            }
        }, "siem-flink-output");
        t.start();
        return t;
    }

    private static int number(String v, String option) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a number, got " + v);
        }
    }
}
