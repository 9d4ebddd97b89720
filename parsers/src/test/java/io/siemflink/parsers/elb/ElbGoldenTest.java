package io.siemflink.parsers.elb;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.io.Inputs;
import io.siemflink.parsers.testing.GoldenFiles;
import io.siemflink.parsers.testing.TestPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code test-data/golden/elb}: every input and its reviewed expected output. Inputs are read as delivered
 * (gzip detected by magic bytes); a {@code .gz} file is given the S3 key AWS would deliver it under, so the
 * account and region of the key layout are exercised too. Documents keep {@code event.original} so that each
 * expected entry can be read next to its line.
 */
class ElbGoldenTest {
    static final String KEY_PREFIX = "AWSLogs/111122223333/elasticloadbalancing/eu-west-1/2025/06/01/";

    private final ElbParser parser = new ElbParser(ParserOptions.defaults().withKeepOriginal(true));

    @Test
    void goldenFilesMatch() throws IOException {
        Path dir = TestPaths.testData().resolve("golden/elb");
        List<Path> inputs = GoldenFiles.inputs(dir);
        assertThat(inputs).hasSizeGreaterThanOrEqualTo(10);
        assertThat(GoldenFiles.failures(dir, this::run)).isEmpty();
    }

    private void run(Path input, io.siemflink.parsers.ParseSink sink) throws IOException {
        String name = input.getFileName().toString();
        SourceRef source = name.endsWith(".gz") ? SourceRef.s3("elb-logs-bucket", KEY_PREFIX + name) : SourceRef.of(name);
        try (InputStream in = Inputs.open(Files.newInputStream(input))) {
            parser.parse(in, source, sink);
        }
    }
}
