package io.siemflink.parsers.testing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.EventJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Golden-file checks: every input file {@code <case>.<ext>} in a folder has {@code <case>.expected.json}, a
 * pretty-printed array with one entry per output in order: {@code {"id":..,"doc":{..}}} for an event,
 * {@code {"dead_letter":{..}}} or {@code {"skip":{..}}}.
 *
 * <p>Run with {@code -Dgolden.update=true} to (re)write expected files; then read every changed line of the
 * diff before committing: the expected files are the specification.
 */
public final class GoldenFiles {
    public static final String SUFFIX = ".expected.json";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private GoldenFiles() {
    }

    @FunctionalInterface
    public interface Run {
        void parse(Path input, ParseSink sink) throws IOException;
    }

    /** Input files of a golden folder (everything that is not an expected file or a README). */
    public static List<Path> inputs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(SUFFIX))
                    .filter(p -> !p.getFileName().toString().startsWith("README"))
                    .sorted()
                    .toList();
        }
    }

    public static Path expectedFor(Path input) {
        String name = input.getFileName().toString();
        return input.resolveSibling(name + SUFFIX);
    }

    /** Parses {@code input} and compares with its expected file; returns a failure description or null. */
    public static String check(Path input, Run run) throws IOException {
        CollectingOrdered sink = new CollectingOrdered();
        run.parse(input, sink);
        // Round-trip through text so numbers compare as they will be read back (a long 3 equals an int 3).
        JsonNode actual = MAPPER.readTree(MAPPER.writeValueAsString(sink.outputs));
        Path expectedFile = expectedFor(input);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(expectedFile, MAPPER.writeValueAsString(sortKeys(actual)) + "\n");
            return null;
        }
        if (!Files.exists(expectedFile)) {
            return input + ": no expected file " + expectedFile.getFileName() + " (run with -Dgolden.update=true)";
        }
        JsonNode expected = MAPPER.readTree(expectedFile.toFile());
        if (expected.equals(actual)) {
            return null;
        }
        StringBuilder diff = new StringBuilder(input.getFileName() + " differs from " + expectedFile.getFileName() + ":\n");
        int n = Math.max(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            JsonNode e = expected.get(i);
            JsonNode a = actual.get(i);
            if (e == null || !e.equals(a)) {
                diff.append("  output #").append(i).append("\n    expected: ").append(e).append("\n    actual:   ").append(a).append('\n');
            }
        }
        return diff.toString();
    }

    private static JsonNode sortKeys(JsonNode n) throws IOException {
        return MAPPER.readTree(MAPPER.writeValueAsString(MAPPER.treeToValue(n, Object.class)));
    }

    /** Documents as the writer emits them, re-read strictly so a duplicated key fails the test. */
    public static JsonNode document(Event e) {
        try {
            return MAPPER.readTree(EventJson.toBytes(e));
        } catch (IOException ex) {
            throw new AssertionError("event does not serialise to valid JSON: " + e, ex);
        }
    }

    private static final class CollectingOrdered implements ParseSink {
        final ArrayNode outputs = MAPPER.createArrayNode();

        @Override
        public void event(Event event) {
            ObjectNode o = outputs.addObject();
            o.put("id", event.id());
            o.set("doc", document(event));
        }

        @Override
        public void deadLetter(DeadLetter d) {
            try {
                outputs.addObject().set("dead_letter", MAPPER.readTree(d.toJson()));
            } catch (IOException e) {
                throw new AssertionError(e);
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

    /** Convenience for tests that want the collected outputs instead of a golden comparison. */
    public static CollectingSink collect(Run run, Path input) throws IOException {
        CollectingSink s = new CollectingSink();
        run.parse(input, s);
        return s;
    }

    public static List<String> failures(Path dir, Run run) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path p : inputs(dir)) {
            String f = check(p, run);
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }
}
