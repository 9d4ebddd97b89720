package io.siemflink.parsers.vpcflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.io.Inputs;
import io.siemflink.parsers.testing.GoldenFiles;
import io.siemflink.parsers.testing.TestPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs every input in {@code test-data/golden/vpcflow} (see its README) and compares with the reviewed expected
 * output. Inputs are read as if delivered to S3 under the standard key layout, so the account and region of
 * the key fill in what a record does not carry.
 */
class VpcFlowGoldenTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
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
        List<Path> inputs = GoldenFiles.inputs(dir);
        assertThat(inputs).hasSizeGreaterThanOrEqualTo(17);
        if (Boolean.getBoolean("golden.update")) {
            assertThat(GoldenFiles.failures(dir, VpcFlowGoldenTest::run)).isEmpty();
            return;
        }
        List<String> failures = new ArrayList<>();
        for (Path input : inputs) {
            JsonNode expected = MAPPER.readTree(GoldenFiles.expectedFor(input).toFile());
            JsonNode actual = actual(input);
            if (!expected.equals(actual)) {
                StringBuilder d = new StringBuilder(input.getFileName() + " differs from its expected file:\n");
                for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
                    if (!java.util.Objects.equals(expected.get(i), actual.get(i))) {
                        d.append("  #").append(i).append(" expected ").append(expected.get(i))
                                .append("\n     actual   ").append(actual.get(i)).append('\n');
                    }
                }
                failures.add(d.toString());
            }
        }
        assertThat(failures).isEmpty();
    }

    /**
     * The outputs in the expected-file shape, re-read from JSON text. GoldenFiles.check cannot be used for the
     * comparison: it keeps a skip's line number as a LongNode while the expected file reads back as an IntNode,
     * and Jackson's IntNode(1) does not equal LongNode(1), so every input with a skip would fail.
     */
    static JsonNode actual(Path input) throws IOException {
        ArrayNode out = MAPPER.createArrayNode();
        run(input, new ParseSink() {
            @Override
            public void event(Event e) {
                ObjectNode o = out.addObject();
                o.put("id", e.id());
                o.set("doc", GoldenFiles.document(e));
            }

            @Override
            public void deadLetter(DeadLetter d) {
                try {
                    out.addObject().set("dead_letter", MAPPER.readTree(d.toJson()));
                } catch (IOException ex) {
                    throw new AssertionError(ex);
                }
            }

            @Override
            public void skipped(Skip s) {
                ObjectNode o = out.addObject().putObject("skip");
                o.put("reason", s.reason());
                o.put("type", s.type().id());
                o.put("line", s.line());
            }
        });
        return MAPPER.readTree(MAPPER.writeValueAsString(out));
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
