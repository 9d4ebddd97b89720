package io.siemflink.parsers.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.testing.GoldenFiles;
import io.siemflink.parsers.testing.TestPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The golden cases in {@code test-data/golden/cloudtrail}. Expected files are written by {@link GoldenFiles}
 * ({@code -Dgolden.update=true}); the comparison is done here on a re-read of the actual outputs because the
 * harness compares a skip's {@code line} as a long against the int it reads back from the file, so any skip with
 * a line number would fail there.
 */
class CloudTrailGoldenTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final CloudTrailParser parser = new CloudTrailParser(ParserOptions.defaults());

    private void run(Path input, ParseSink sink) throws IOException {
        try (InputStream in = Files.newInputStream(input)) {
            parser.parse(in, SourceRef.of(input.getFileName().toString()), sink);
        }
    }

    @Test
    void goldenFilesMatch() throws Exception {
        Path dir = TestPaths.testData().resolve("golden/cloudtrail");
        List<Path> inputs = GoldenFiles.inputs(dir);
        assertThat(inputs).hasSizeGreaterThanOrEqualTo(4);
        if (Boolean.getBoolean("golden.update")) {
            assertThat(GoldenFiles.failures(dir, this::run)).isEmpty();
            return;
        }
        List<String> failures = new ArrayList<>();
        for (Path input : inputs) {
            Ordered sink = new Ordered();
            run(input, sink);
            JsonNode actual = MAPPER.readTree(MAPPER.writeValueAsString(sink.outputs));
            JsonNode expected = MAPPER.readTree(GoldenFiles.expectedFor(input).toFile());
            for (int i = 0; i < Math.max(actual.size(), expected.size()); i++) {
                if (expected.get(i) == null || !expected.get(i).equals(actual.get(i))) {
                    failures.add(input.getFileName() + " output #" + i + "\n  expected: " + expected.get(i)
                            + "\n  actual:   " + actual.get(i));
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /** The same output shape as the harness writes. */
    private static final class Ordered implements ParseSink {
        final ArrayNode outputs = MAPPER.createArrayNode();

        @Override
        public void event(Event event) {
            ObjectNode o = outputs.addObject();
            o.put("id", event.id());
            o.set("doc", GoldenFiles.document(event));
        }

        @Override
        public void deadLetter(DeadLetter d) {
            try {
                outputs.addObject().set("dead_letter", MAPPER.readTree(d.toJson()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void skipped(Skip s) {
            ObjectNode o = outputs.addObject().putObject("skip");
            o.put("reason", s.reason());
            if (s.type() != null) {
                o.put("type", s.type().id());
            }
            if (s.line() >= 0) {
                o.put("line", s.line());
            }
        }
    }
}
