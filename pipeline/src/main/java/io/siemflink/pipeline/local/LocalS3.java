package io.siemflink.pipeline.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 API server on 127.0.0.1: s3proxy (Maven artifact {@code org.gaul:s3proxy:jar-with-dependencies},
 * copied to {@code pipeline/target/dist/s3proxy.jar} by the build) storing objects in a folder. For benchmarks,
 * tests and local runs without AWS. Its identity/credential pair is fixed: {@link #ACCESS_KEY}, {@link #SECRET_KEY}.
 */
public final class LocalS3 implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "siemflink-local";
    public static final String SECRET_KEY = "siemflink-local-secret";

    private final Process process;
    private final int port;
    private final Path dir;

    private LocalS3(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** Starts s3proxy on a free loopback port, storing under {@code dir} (its log is {@code dir/s3proxy.log}). */
    public static LocalS3 start(Path jar, Path dir) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("s3proxy is not at " + jar + " (the Maven build copies it there: mvn package)");
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        Path log = dir.resolve("s3proxy.log");
        int port = LocalOpenSearch.freePort();
        Path props = dir.resolve("s3proxy.properties");
        Files.writeString(props, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data,
                ""));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Output to a file: an undrained pipe would block the server.
        Process p = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "--properties", props.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LocalS3 s3 = new LocalS3(p, port, dir);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            if (!p.isAlive()) {
                throw new IOException("s3proxy exited with " + p.exitValue() + "; see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return s3;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    s3.close();
                    throw new IOException("s3proxy did not listen on port " + port + " within 60 s; see " + log);
                }
                Thread.sleep(100);
            }
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public Path dir() {
        return dir;
    }

    public Path log() {
        return dir.resolve("s3proxy.log");
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
