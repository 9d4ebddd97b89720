package io.siemflink.pipeline.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real OpenSearch per test JVM, started on first use and stopped when the JVM exits. Tests isolate
 * themselves by index names, not by servers: starting a node costs seconds.
 */
public final class TestOpenSearch {
    private static LocalOpenSearch node;

    private TestOpenSearch() {
    }

    public static synchronized LocalOpenSearch get() throws IOException, InterruptedException {
        if (node == null) {
            Path zip = Path.of(System.getProperty("opensearch.zip", "target/dist/opensearch.zip"));
            Path install = Path.of(System.getProperty("java.io.tmpdir"), "siemflink-opensearch-install");
            Path data = Files.createTempDirectory("siemflink-os-");
            // World-traversable: OpenSearch runs as an unprivileged user when the tests run as root.
            data.toFile().setExecutable(true, false);
            data.toFile().setReadable(true, false);
            node = LocalOpenSearch.start(zip, install, data, 0, "512m");
            LocalOpenSearch started = node;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.stop();
                    LocalOpenSearch.deleteTree(data);
                } catch (Exception e) {
                    // best effort at exit
                }
            }));
        }
        return node;
    }
}
