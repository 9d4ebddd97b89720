package io.siemflink.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A standalone Flink session cluster on 127.0.0.1 without a Flink distribution: a JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and one TaskManager ({@code TaskManagerRunner}) as two JVMs on a
 * Maven-built classpath, configured by {@code <dir>/conf/config.yaml} and sized by Flink's own memory model (what
 * {@code bin/jobmanager.sh} and {@code bin/taskmanager.sh} compute through {@code BashJavaUtils}).
 *
 * <p>Everything lives in one folder: {@code conf/}, {@code log/} (Flink's log files and each JVM's stdout),
 * {@code tmp/}, {@code uploads/} (jars sent to the REST API), {@code checkpoints/}, {@code savepoints/}, the two pid
 * files and {@code cluster.properties} (the ports). {@link #stop} ends only the processes those pid files name.
 */
public final class LocalFlinkCluster {
    static final String JOBMANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASKMANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    /** The module opens Flink's scripts pass on Java 17 (Flink 1.19's default {@code env.java.opts.all}). */
    static final List<String> JAVA_17_OPENS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /** The module opens every Flink JVM on Java 17 needs (also for Flink's CLI). */
    public static List<String> javaOpens() {
        return JAVA_17_OPENS;
    }

    /**
     * How to start a cluster.
     *
     * @param dir            the cluster's folder (created)
     * @param restPort       REST API and web UI port; 0 picks a free one
     * @param prometheusPort first of two ports (JobManager, TaskManager) for Prometheus metrics; 0 picks free ones,
     *                       -1 turns the Prometheus reporter off
     * @param slots          task slots of the TaskManager
     * @param jobManagerMemory  {@code jobmanager.memory.process.size}
     * @param taskManagerMemory {@code taskmanager.memory.process.size}
     * @param workingDir     the JVMs' working directory: relative paths in a submitted job resolve against it
     * @param flinkSettings  further {@code config.yaml} entries, overriding ours
     */
    public record Settings(Path dir, int restPort, int prometheusPort, int slots, String jobManagerMemory,
                           String taskManagerMemory, Path workingDir, Map<String, String> flinkSettings) {
        public Settings {
            if (slots < 1) {
                throw new IllegalArgumentException("slots must be at least 1, was " + slots);
            }
            flinkSettings = Map.copyOf(flinkSettings);
        }

        public static Settings defaults(Path dir, Path workingDir) {
            return new Settings(dir, 8081, 9249, 2, "1024m", "1728m", workingDir, Map.of());
        }
    }

    private final Path dir;
    private final int restPort;
    private final int prometheusPort;

    private LocalFlinkCluster(Path dir, int restPort, int prometheusPort) {
        this.dir = dir;
        this.restPort = restPort;
        this.prometheusPort = prometheusPort;
    }

    /** The REST API and web UI. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + restPort);
    }

    /** The Prometheus endpoints of the JobManager and the TaskManager (either may hold the lower port). */
    public List<URI> prometheusUrls() {
        return prometheusPort < 0 ? List.of()
                : List.of(URI.create("http://127.0.0.1:" + prometheusPort + "/metrics"),
                URI.create("http://127.0.0.1:" + (prometheusPort + 1) + "/metrics"));
    }

    public Path dir() {
        return dir;
    }

    public Path confDir() {
        return dir.resolve("conf");
    }

    public Path logDir() {
        return dir.resolve("log");
    }

    /**
     * Writes the configuration and starts both JVMs, then waits until the TaskManager has registered its slots.
     *
     * @param classpath the Flink runtime (flink-runtime, streaming-java, clients, runtime-web, log4j, reporters)
     */
    public static LocalFlinkCluster start(List<Path> classpath, Settings s, Duration timeout)
            throws IOException, InterruptedException {
        Path dir = s.dir().toAbsolutePath().normalize();
        Optional<LocalFlinkCluster> running = attach(dir);
        if (running.isPresent()) {
            return running.get();
        }
        for (String sub : List.of("conf", "log", "tmp", "uploads", "checkpoints", "savepoints")) {
            Files.createDirectories(dir.resolve(sub));
        }
        int rest = s.restPort() > 0 ? s.restPort() : freePort();
        if (inUse(rest)) {
            throw new IOException("port " + rest + " on 127.0.0.1 is in use by another process; choose another with --port");
        }
        int prom = s.prometheusPort() == 0 ? freePortPair() : s.prometheusPort();
        Map<String, String> conf = configuration(dir, rest, prom, s);
        writeConfiguration(dir.resolve("conf"), conf);
        Properties ports = new Properties();
        ports.setProperty("rest.port", Integer.toString(rest));
        ports.setProperty("prometheus.port", Integer.toString(prom));
        try (var out = Files.newBufferedWriter(dir.resolve("cluster.properties"))) {
            ports.store(out, "ports of the local Flink cluster");
        }

        Configuration flink = GlobalConfiguration.loadConfiguration(dir.resolve("conf").toString());
        JobManagerProcessSpec jm = JobManagerProcessUtils.processSpecFromConfigWithNewOptionToInterpretLegacyHeap(flink,
                JobManagerOptions.JVM_HEAP_MEMORY);
        TaskExecutorProcessSpec tm = TaskExecutorProcessUtils.processSpecFromConfig(
                TaskExecutorProcessUtils.getConfigurationMapLegacyTaskManagerHeapSizeToConfigOption(flink,
                        TaskManagerOptions.TOTAL_FLINK_MEMORY));
        LocalFlinkCluster cluster = new LocalFlinkCluster(dir, rest, prom);
        String cp = String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList());
        cluster.launch("jobmanager", JOBMANAGER_MAIN, cp, JobManagerProcessUtils.generateJvmParametersStr(jm, flink),
                JobManagerProcessUtils.generateDynamicConfigsStr(jm), s.workingDir());
        cluster.launch("taskmanager", TASKMANAGER_MAIN, cp, ProcessMemoryUtils.generateJvmParametersStr(tm),
                TaskExecutorProcessUtils.generateDynamicConfigsStr(tm), s.workingDir());
        try {
            cluster.awaitSlots(s.slots(), timeout);
        } catch (IOException | InterruptedException e) {
            cluster.stop();
            throw e;
        }
        return cluster;
    }

    static Map<String, String> configuration(Path dir, int rest, int prom, Settings s) {
        Map<String, String> c = new LinkedHashMap<>();
        // Loopback only: every listener of both JVMs binds 127.0.0.1.
        c.put("jobmanager.rpc.address", "127.0.0.1");
        c.put("jobmanager.bind-host", "127.0.0.1");
        c.put("jobmanager.rpc.port", Integer.toString(freePortUnchecked()));
        c.put("taskmanager.host", "127.0.0.1");
        c.put("taskmanager.bind-host", "127.0.0.1");
        c.put("rest.address", "127.0.0.1");
        c.put("rest.bind-address", "127.0.0.1");
        c.put("rest.port", Integer.toString(rest));
        c.put("jobmanager.memory.process.size", s.jobManagerMemory());
        c.put("taskmanager.memory.process.size", s.taskManagerMemory());
        // No RocksDB or batch sorting here: give the task heap what Flink would reserve as managed memory.
        c.put("taskmanager.memory.managed.fraction", "0.05");
        c.put("taskmanager.numberOfTaskSlots", Integer.toString(s.slots()));
        c.put("parallelism.default", "1");
        // The job jar is ~80 MB and grows with enrichment data: above Flink's 100 MiB default for uploads.
        c.put("rest.server.max-content-length", Integer.toString(512 << 20));
        c.put("rest.client.max-content-length", Integer.toString(512 << 20));
        c.put("io.tmp.dirs", dir.resolve("tmp").toString());
        c.put("web.tmpdir", dir.resolve("tmp").toString());
        c.put("web.upload.dir", dir.resolve("uploads").toString());
        // Checkpoints on disk and kept on cancel: a job can be resumed with `siem flink run -s <checkpoint>`.
        c.put("state.checkpoints.dir", dir.resolve("checkpoints").toUri().toString());
        c.put("state.savepoints.dir", dir.resolve("savepoints").toUri().toString());
        c.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        c.put("metrics.reporter.jmx.factory.class", "org.apache.flink.metrics.jmx.JMXReporterFactory");
        if (prom >= 0) {
            c.put("metrics.reporter.prom.factory.class", LoopbackPrometheusReporterFactory.class.getName());
            c.put("metrics.reporter.prom.host", "127.0.0.1");
            c.put("metrics.reporter.prom.port", prom + "-" + (prom + 1));
        }
        c.putAll(s.flinkSettings());
        return c;
    }

    private static void writeConfiguration(Path conf, Map<String, String> c) throws IOException {
        StringBuilder yaml = new StringBuilder("# Written by `siem cluster start`; rewritten on every start.\n");
        c.forEach((k, v) -> yaml.append(k).append(": ").append(quote(v)).append('\n'));
        Files.writeString(conf.resolve("config.yaml"), yaml);
        Files.writeString(conf.resolve("log4j.properties"), """
                # Flink's own log file per JVM (log.file is set on each command line); rolled at 50 MB, 5 kept.
                monitorInterval = 30
                rootLogger.level = INFO
                rootLogger.appenderRef.file.ref = MainAppender
                logger.pekko.name = org.apache.pekko
                logger.pekko.level = WARN
                logger.netty.name = org.apache.flink.shaded.netty4.io.netty
                logger.netty.level = WARN
                appender.main.name = MainAppender
                appender.main.type = RollingFile
                appender.main.append = true
                appender.main.fileName = ${sys:log.file}
                appender.main.filePattern = ${sys:log.file}.%i
                appender.main.layout.type = PatternLayout
                appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
                appender.main.policies.type = Policies
                appender.main.policies.size.type = SizeBasedTriggeringPolicy
                appender.main.policies.size.size = 50MB
                appender.main.strategy.type = DefaultRolloverStrategy
                appender.main.strategy.max = 5
                """);
    }

    private static String quote(String v) {
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private void launch(String role, String main, String classpath, String jvmParams, String dynamicConfigs, Path workingDir)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        // A session of its own: the cluster outlives the command that started it and the terminal it ran in.
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(split(jvmParams));
        cmd.addAll(JAVA_17_OPENS);
        cmd.add("-Dlog.file=" + logDir().resolve(role + ".log"));
        cmd.add("-Dlog4j.configurationFile=" + confDir().resolve("log4j.properties").toUri());
        cmd.addAll(List.of("-classpath", classpath, main, "--configDir", confDir().toString()));
        cmd.addAll(split(dynamicConfigs));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workingDir.toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().put("FLINK_CONF_DIR", confDir().toString());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectErrorStream(true).redirectOutput(logDir().resolve(role + ".out").toFile());
        Process p = pb.start();
        Files.writeString(dir.resolve(role + ".pid"), Long.toString(p.pid()));
    }

    private static List<String> split(String params) {
        return Arrays.stream(params.trim().split("\\s+")).filter(x -> !x.isEmpty()).toList();
    }

    /** The cluster whose pid files in {@code dir} name live processes. */
    public static Optional<LocalFlinkCluster> attach(Path dir) throws IOException {
        dir = dir.toAbsolutePath().normalize();
        Path ports = dir.resolve("cluster.properties");
        if (!Files.exists(ports)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(ports)) {
            p.load(in);
        }
        LocalFlinkCluster c = new LocalFlinkCluster(dir, Integer.parseInt(p.getProperty("rest.port")),
                Integer.parseInt(p.getProperty("prometheus.port", "-1")));
        return c.process("jobmanager").isPresent() ? Optional.of(c) : Optional.empty();
    }

    /**
     * The live process a pid file names, if it is the JVM we started: a recycled pid belongs to a process that
     * started after the pid file was written. (The command line cannot tell: the JDK truncates it before the main
     * class, behind the long classpath.)
     */
    Optional<ProcessHandle> process(String role) {
        Path pid = dir.resolve(role + ".pid");
        try {
            if (!Files.exists(pid)) {
                return Optional.empty();
            }
            java.time.Instant written = Files.getLastModifiedTime(pid).toInstant();
            return ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().startInstant().map(t -> !t.isAfter(written.plusSeconds(2))).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean jobManagerAlive() {
        return process("jobmanager").isPresent();
    }

    public boolean taskManagerAlive() {
        return process("taskmanager").isPresent();
    }

    /** Ends the TaskManager, then the JobManager: SIGTERM, and SIGKILL after 30 s. */
    public void stop() throws InterruptedException {
        for (String role : List.of("taskmanager", "jobmanager")) {
            Optional<ProcessHandle> h = process(role);
            if (h.isPresent()) {
                h.get().destroy();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (h.get().isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                if (h.get().isAlive()) {
                    h.get().destroyForcibly();
                }
            }
            try {
                Files.deleteIfExists(dir.resolve(role + ".pid"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code GET /overview}: task managers, slots and jobs, as the REST API reports them. */
    public Map<String, Long> overview() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url().resolve("/overview")).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET /overview answered " + r.statusCode() + ": " + r.body());
        }
        Map<String, Long> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\"([a-z-]+)\":(\\d+)").matcher(r.body());
        while (m.find()) {
            out.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return out;
    }

    private void awaitSlots(int slots, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            for (String role : List.of("jobmanager", "taskmanager")) {
                if (process(role).isEmpty()) {
                    throw new IOException("the " + role + " exited during start; see " + logDir().resolve(role + ".log")
                            + " and " + logDir().resolve(role + ".out"));
                }
            }
            try {
                Map<String, Long> o = overview();
                if (o.getOrDefault("taskmanagers", 0L) >= 1 && o.getOrDefault("slots-total", 0L) >= slots) {
                    return;
                }
                last = o.toString();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new IOException("the cluster at " + url() + " did not offer " + slots + " slots within " + timeout.toSeconds()
                + " s (" + last + "); see " + logDir());
    }

    static boolean inUse(int port) {
        try (var s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freePortUnchecked() {
        try {
            return freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port p with p and p + 1 free just now (the reporter's two ports). */
    static int freePortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            int p = freePort();
            if (p < 65535 && !inUse(p + 1)) {
                try (ServerSocket s = new ServerSocket(p + 1, 1, InetAddress.getLoopbackAddress())) {
                    return p;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no two adjacent free ports found on 127.0.0.1");
    }
}
