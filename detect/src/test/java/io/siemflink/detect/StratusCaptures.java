package io.siemflink.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.cloudtrail.CloudTrailParser;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.testing.TestPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The 35 Stratus Red Team detonation captures of {@code ../shared/fixtures}, parsed by the real CloudTrail parser. */
public final class StratusCaptures {
    private StratusCaptures() {
    }

    /** Technique (the file name without {@code .json}) -> its events, in file-name order; no dead letters. */
    public static Map<String, List<Event>> load() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(TestPaths.fixtures().resolve("stratus-red-team"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(35);
        CloudTrailParser parser = new CloudTrailParser(ParserOptions.defaults());
        Map<String, List<Event>> out = new LinkedHashMap<>();
        for (Path f : files) {
            CollectingSink sink = new CollectingSink();
            try (InputStream in = Files.newInputStream(f)) {
                parser.parse(in, SourceRef.of(f.getFileName().toString()), sink);
            }
            assertThat(sink.deadLetters).as(f.toString()).isEmpty();
            out.put(f.getFileName().toString().replaceFirst("\\.json$", ""), sink.events);
        }
        return out;
    }
}
