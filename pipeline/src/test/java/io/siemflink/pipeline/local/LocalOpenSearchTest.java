package io.siemflink.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalOpenSearchTest {
    @Test
    void theNodeLivesInTheProjectUnlessItsUserCannotReachIt(@TempDir Path tmp) throws Exception {
        Path open = Files.createDirectories(tmp.resolve("open/project"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(open.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(LocalOpenSearch.defaultRoot(open)).isEqualTo(open.resolve(".siem/opensearch"));

        Path hidden = Files.createDirectories(tmp.resolve("private/project"));
        Files.setPosixFilePermissions(hidden.getParent(), PosixFilePermissions.fromString("rwx------"));
        Path root = LocalOpenSearch.defaultRoot(hidden);
        if (LocalOpenSearch.isRoot()) {
            // The node runs as uid 65534, which cannot walk through a private folder: its files go elsewhere.
            assertThat(root.startsWith(hidden.getParent())).isFalse();
            assertThat(root.getFileName().toString()).startsWith("siemflink-opensearch-");
        } else {
            assertThat(root).isEqualTo(hidden.resolve(".siem/opensearch"));
        }
    }
}
