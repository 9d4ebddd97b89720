package io.siemflink.parsers.vpcflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.io.Inputs;
import io.siemflink.parsers.testing.GoldenFiles;
import io.siemflink.parsers.testing.TestPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs every input in {@code test-data/golden/vpcflow} (see its README) and compares with the reviewed expected
 * output. Inputs are read as if delivered to S3 under the standard key layout, so the account and region of
 * the key fill in what a record does not carry.
 */
class VpcFlowGoldenTest {
    static final String KEY_PREFIX = "AWSLogs/123456789012/vpcflowlogs/eu-west-1/2025/08/20/"
            + "123456789012_vpcflowlogs_eu-west-1_fl-0a1b2c3d4e5f67890_20250820T0835Z_";

    static SourceRef sourceFor(Path input) {
        return SourceRef.s3("siem-flowlogs", KEY_PREFIX + input.getFileName());
    }

    /** The wrapped-message case keeps event.original to show that it is the unwrapped record. */
    static ParserOptions optionsFor(Path input) {
        boolean keep = input.getFileName().toString().startsWith("message-wrapped");
        return ParserOptions.defaults().withKeepOriginal(keep);
    }

    static void run(Path input, ParseSink sink) throws IOException {
        VpcFlowParser parser = new VpcFlowParser(optionsFor(input));
        try (InputStream in = Inputs.open(Files.newInputStream(input))) {
            parser.parse(in, sourceFor(input), sink);
        }
    }

    @Test
    void goldenFiles() throws IOException {
        Path dir = TestPaths.testData().resolve("golden/vpcflow");
        assertThat(GoldenFiles.inputs(dir)).hasSizeGreaterThanOrEqualTo(17);
        assertThat(GoldenFiles.failures(dir, VpcFlowGoldenTest::run)).isEmpty();
    }

    @Test
    void gzipAndPlainGiveTheSameOutput() throws IOException {
        Path dir = TestPaths.testData().resolve("golden/vpcflow");
        String plain = Files.readString(GoldenFiles.expectedFor(dir.resolve("default-v2-header.log")));
        String gz = Files.readString(GoldenFiles.expectedFor(dir.resolve("default-v2-header.log.gz")));
        // Only the source name (which carries the file name) may differ; there is none in event documents.
        assertThat(gz).isEqualTo(plain);
    }
}
