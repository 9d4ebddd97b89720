package io.siemflink.pipeline.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real OpenSearch (the integ-test distribution from Maven Central) as a local process on 127.0.0.1: the
 * embedded default for laptops, and the server the integration tests index into.
 *
 * <p>OpenSearch refuses to run as root, so as root it runs as uid/gid 65534 ({@code setpriv}) after its
 * writable folders are handed to that user. A pid file marks the process we started; {@link #stop} ends only it.
 */
public final class LocalOpenSearch implements AutoCloseable {
    public static final String VERSION = "2.19.6";
    private static final int NOBODY = 65534;

    private final Path home;
    private final Path dataDir;
    private final int httpPort;

    LocalOpenSearch(Path home, Path dataDir, int httpPort) {
        this.home = home;
        this.dataDir = dataDir;
        this.httpPort = httpPort;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    public int port() {
        return httpPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    private Path pidFile() {
        return dataDir.resolve("opensearch.pid");
    }

    private Path portFile() {
        return dataDir.resolve("http.port");
    }

    /**
     * Unzips the distribution once into {@code installRoot} (shared between instances) and starts a node whose
     * data, logs and pid file live in {@code dataDir}.
     *
     * @param port the HTTP port, or 0 for a free one
     */
    public static LocalOpenSearch start(Path distributionZip, Path installRoot, Path dataDir, int port, String heap)
            throws IOException, InterruptedException {
        Optional<LocalOpenSearch> running = attach(dataDir);
        if (running.isPresent()) {
            return running.get();
        }
        Path home = install(distributionZip, installRoot);
        int httpPort = port > 0 ? port : freePort();
        int transportPort = freePort();
        Files.createDirectories(dataDir);
        Path data = Files.createDirectories(dataDir.resolve("data"));
        Path logs = Files.createDirectories(dataDir.resolve("logs"));
        Path tmp = Files.createDirectories(dataDir.resolve("tmp"));
        // Each node gets its own copy of config/: OpenSearch writes the keystore there.
        Path config = dataDir.resolve("config");
        if (!Files.exists(config.resolve("opensearch.yml"))) {
            copyTree(home.resolve("config"), config);
            // jvm.options names logs/ and data/ relative to OPENSEARCH_HOME, which is shared and not ours to write.
            Path jvmOptions = config.resolve("jvm.options");
            Files.writeString(jvmOptions, Files.readString(jvmOptions)
                    .replace("file=logs/", "file=" + logs + "/")
                    .replace("-XX:ErrorFile=logs/", "-XX:ErrorFile=" + logs + "/")
                    .replace("-XX:HeapDumpPath=data", "-XX:HeapDumpPath=" + data));
        }
        LocalOpenSearch node = new LocalOpenSearch(home, dataDir, httpPort);
        Files.deleteIfExists(node.pidFile());
        boolean root = isRoot();
        if (root) {
            for (Path p : List.of(dataDir, data, logs, tmp, config)) {
                chownTree(p);
            }
        }
        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        cmd.addAll(List.of(home.resolve("bin/opensearch").toString(), "-d", "-p", node.pidFile().toString(),
                "-Ediscovery.type=single-node", "-Enetwork.host=127.0.0.1", "-Ehttp.port=" + httpPort,
                "-Etransport.port=" + transportPort, "-Epath.data=" + data, "-Epath.logs=" + logs,
                "-Ecluster.name=siemflink-local", "-Ecluster.routing.allocation.disk.threshold_enabled=false"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dataDir.toFile());
        Map<String, String> env = pb.environment();
        env.put("OPENSEARCH_JAVA_HOME", System.getProperty("java.home"));
        env.put("OPENSEARCH_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap);
        env.put("OPENSEARCH_PATH_CONF", config.toString());
        env.put("OPENSEARCH_TMPDIR", tmp.toString());
        env.remove("JAVA_TOOL_OPTIONS");
        // Never let the daemon inherit our pipes: a reader of them would hang.
        pb.redirectErrorStream(true).redirectOutput(logs.resolve("console.log").toFile());
        Process launcher = pb.start();
        if (launcher.waitFor() != 0) {
            throw new IOException("OpenSearch did not start (exit " + launcher.exitValue() + "); see " + logs.resolve("console.log"));
        }
        Files.writeString(node.portFile(), Integer.toString(httpPort));
        try {
            node.awaitHealthy(Duration.ofSeconds(90));
        } catch (IOException | InterruptedException e) {
            // A node that never became healthy is still ours to end: nothing else knows its pid file.
            node.stop();
            throw e;
        }
        return node;
    }

    /** The node a previous {@code start} left running with this data folder, if it is still alive. */
    public static Optional<LocalOpenSearch> attach(Path dataDir) throws IOException {
        Path pid = dataDir.resolve("opensearch.pid");
        Path port = dataDir.resolve("http.port");
        if (!Files.exists(pid) || !Files.exists(port)) {
            return Optional.empty();
        }
        LocalOpenSearch found = new LocalOpenSearch(null, dataDir, 0);
        if (found.isAlive()) {
            return Optional.of(new LocalOpenSearch(null, dataDir, Integer.parseInt(Files.readString(port).trim())));
        }
        return Optional.empty();
    }

    public boolean isAlive() {
        return pid().flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
    }

    private Optional<Long> pid() {
        try {
            return Files.exists(pidFile()) ? Optional.of(Long.parseLong(Files.readString(pidFile()).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Ends the process this data folder's pid file names, and nothing else. */
    public void stop() throws InterruptedException {
        Optional<ProcessHandle> h = pid().flatMap(ProcessHandle::of);
        if (h.isPresent() && h.get().isAlive()) {
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
            Files.deleteIfExists(pidFile());
            Files.deleteIfExists(portFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the process abruptly (fault tests: OpenSearch disappearing mid-run). */
    public void kill() {
        pid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /**
     * Waits for a yellow cluster. A node we started is judged to have exited only once its pid file has named a
     * process and that process is gone: {@code bin/opensearch -d} returns before the daemon writes the file, and
     * the file exists empty for a moment while it is written.
     */
    public void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        Long daemon = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url().resolve("/_cluster/health?wait_for_status=yellow&timeout=2s"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            if (daemon == null) {
                daemon = pid().orElse(null);
            }
            if (home != null && daemon != null && !ProcessHandle.of(daemon).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IOException("OpenSearch at " + url() + " exited before it was healthy (" + last + "); see "
                        + dataDir.resolve("logs"));
            }
            Thread.sleep(250);
        }
        throw new IOException("OpenSearch at " + url() + " not healthy after " + timeout.toSeconds() + " s (" + last
                + "); see " + dataDir.resolve("logs"));
    }

    private static Path install(Path zip, Path installRoot) throws IOException {
        Path home = installRoot.resolve("opensearch-" + VERSION);
        if (Files.exists(home.resolve("bin/opensearch"))) {
            return home;
        }
        if (!Files.exists(zip)) {
            throw new IOException("OpenSearch distribution not found at " + zip + " (it is fetched by the Maven build: mvn package)");
        }
        Path staging = Files.createTempDirectory(Files.createDirectories(installRoot), "unzip");
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                Path out = staging.resolve(e.getName()).normalize();
                if (!out.startsWith(staging)) {
                    throw new IOException("bad zip entry " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(z, out, StandardCopyOption.REPLACE_EXISTING);
                    if (out.getParent().getFileName().toString().equals("bin")) {
                        out.toFile().setExecutable(true, false);
                    }
                }
            }
        }
        // Zip entries carry no permissions: the JDK launcher needs its executable bits too.
        try (var s = Files.walk(staging)) {
            s.filter(p -> p.toString().contains("/bin/")).forEach(p -> p.toFile().setExecutable(true, false));
        }
        try {
            Files.move(staging.resolve("opensearch-" + VERSION), home);
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // another test JVM installed it first
        }
        deleteTree(staging);
        // Readable and traversable by the unprivileged user OpenSearch runs as.
        try (var s = Files.walk(installRoot)) {
            s.forEach(p -> {
                p.toFile().setReadable(true, false);
                if (Files.isDirectory(p)) {
                    p.toFile().setExecutable(true, false);
                }
            });
        }
        return home;
    }

    /**
     * Where the local node's installation and data live for a project folder: {@code <home>/.siem/opensearch},
     * unless the node must run as another user (we are root) who cannot walk down to that folder (a checkout
     * under a private home directory); then a folder under the system temp directory.
     */
    public static Path defaultRoot(Path home) {
        Path inProject = home.toAbsolutePath().normalize().resolve(".siem/opensearch");
        if (!isRoot() || traversableByOthers(home.toAbsolutePath().normalize())) {
            return inProject;
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "siemflink-opensearch-" + Integer.toHexString(inProject.hashCode()));
    }

    private static boolean traversableByOthers(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            try {
                if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return true;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void chownTree(Path p) throws IOException {
        try {
            Process c = new ProcessBuilder("chown", "-R", NOBODY + ":" + NOBODY, p.toString()).inheritIO().start();
            if (c.waitFor() != 0) {
                throw new IOException("chown of " + p + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
