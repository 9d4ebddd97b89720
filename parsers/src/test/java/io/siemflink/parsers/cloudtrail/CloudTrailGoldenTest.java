package io.siemflink.parsers.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.testing.GoldenFiles;
import io.siemflink.parsers.testing.TestPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The golden cases in {@code test-data/golden/cloudtrail}; {@code -Dgolden.update=true} rewrites them. */
class CloudTrailGoldenTest {
    private final CloudTrailParser parser = new CloudTrailParser(ParserOptions.defaults());

    private void run(Path input, ParseSink sink) throws IOException {
        try (InputStream in = Files.newInputStream(input)) {
            parser.parse(in, SourceRef.of(input.getFileName().toString()), sink);
        }
    }

    @Test
    void goldenFilesMatch() throws Exception {
        Path dir = TestPaths.testData().resolve("golden/cloudtrail");
        assertThat(GoldenFiles.inputs(dir)).hasSizeGreaterThanOrEqualTo(4);
        assertThat(GoldenFiles.failures(dir, this::run)).isEmpty();
    }
}
