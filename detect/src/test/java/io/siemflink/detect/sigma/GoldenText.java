package io.siemflink.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A checked-in text table compared with what the code produces now. {@code -Dgolden.update=true} rewrites it;
 * read the diff before committing: the table is the specification.
 */
final class GoldenText {
    private GoldenText() {
    }

    /** The module's own src/test/resources (tests run with the module as working directory). */
    static Path resource(String name) {
        Path p = Path.of("src/test/resources").resolve(name);
        if (!Files.isDirectory(p.getParent())) {
            p = Path.of("detect/src/test/resources").resolve(name);
        }
        return p;
    }

    static void check(Path file, String actual) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(file, actual);
            return;
        }
        assertThat(file).as("%s is missing: run with -Dgolden.update=true", file).exists();
        assertThat(actual).as("%s differs from what the engine does now (-Dgolden.update=true rewrites it)", file)
                .isEqualTo(Files.readString(file));
    }
}
