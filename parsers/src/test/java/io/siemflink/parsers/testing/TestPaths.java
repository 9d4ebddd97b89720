package io.siemflink.parsers.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's samples ({@code test-data/}) and the shared fixtures ({@code ../shared/fixtures}) are. */
public final class TestPaths {
    private TestPaths() {
    }

    public static Path testData() {
        return locate("testdata.dir", "test-data");
    }

    public static Path fixtures() {
        return locate("fixtures.dir", "../shared/fixtures");
    }

    private static Path locate(String property, String fromRoot) {
        String p = System.getProperty(property);
        if (p != null && Files.isDirectory(Path.of(p))) {
            return Path.of(p).toAbsolutePath().normalize();
        }
        // Running from an IDE: walk up from the working directory to the project root.
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve(fromRoot)) && Files.exists(dir.resolve("parsers"))) {
                return dir.resolve(fromRoot).normalize();
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find " + fromRoot + " (set -D" + property + ")");
    }
}
