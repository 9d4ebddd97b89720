package io.siemflink.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link LocalOpenSearch#awaitHealthy} reads the daemon's pid file while a node starts, against a small HTTP
 * server standing in for the health endpoint.
 */
class LocalOpenSearchWaitTest {
    @TempDir
    Path dir;
    private HttpServer health;
    private volatile long healthyAfter;
    private final java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();

    private int serveHealth(long delayMillis) throws IOException {
        healthyAfter = System.currentTimeMillis() + delayMillis;
        health = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        health.createContext("/_cluster/health", x -> {
            asked.incrementAndGet();
            int status = System.currentTimeMillis() >= healthyAfter ? 200 : 503;
            byte[] body = "{}".getBytes();
            x.sendResponseHeaders(status, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        health.start();
        return health.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (health != null) {
            health.stop(0);
        }
    }

    @Test
    void anEmptyPidFileWhileTheDaemonWritesItIsNotAnExit() throws Exception {
        int port = serveHealth(1_000);
        // The daemon has created the file but not yet written its pid.
        Files.writeString(dir.resolve("opensearch.pid"), "");
        LocalOpenSearch node = new LocalOpenSearch(dir, dir, port);
        long t0 = System.nanoTime();
        node.awaitHealthy(Duration.ofSeconds(20));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void aPidFileNamingAGoneProcessIsAnExit() throws Exception {
        int port = serveHealth(60_000);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(dir.resolve("opensearch.pid"), Long.toString(gone.pid()));
        LocalOpenSearch node = new LocalOpenSearch(dir, dir, port);
        assertThatThrownBy(() -> node.awaitHealthy(Duration.ofSeconds(20)))
                .hasMessageContaining("exited before it was healthy")
                .hasMessageContaining("503");
    }

    @Test
    void aPidFileNamingALiveProcessWaitsForHealth() throws Exception {
        int port = serveHealth(1_000);
        Files.writeString(dir.resolve("opensearch.pid"), Long.toString(ProcessHandle.current().pid()));
        new LocalOpenSearch(dir, dir, port).awaitHealthy(Duration.ofSeconds(20));
        // Answered 503 at first, so it asked again rather than giving up or returning early.
        assertThat(asked.get()).isGreaterThan(1);
    }
}
