package io.siemflink.parsers.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.testing.GoldenFiles;
import io.siemflink.parsers.testing.TestPaths;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Real and documented records, read in place from the shared fixtures. */
class CloudTrailPublicSamplesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final CloudTrailParser parser = new CloudTrailParser(ParserOptions.defaults());

    @Test
    void stratusRedTeamDetonationsParseCompletely() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(TestPaths.fixtures().resolve("stratus-red-team"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(30);
        int events = 0;
        for (Path f : files) {
            CollectingSink sink = new CollectingSink();
            try (InputStream in = Files.newInputStream(f)) {
                parser.parse(in, SourceRef.of(f.getFileName().toString()), sink);
            }
            int records = MAPPER.readTree(f.toFile()).size();
            assertThat(sink.deadLetters).as(f.getFileName().toString()).isEmpty();
            assertThat(sink.events).as(f.getFileName().toString()).hasSize(records);
            for (Event e : sink.events) {
                JsonNode doc = GoldenFiles.document(e);
                assertThat(doc.path("event").path("action").isTextual()).isTrue();
                assertThat(doc.path("event").path("provider").asText()).endsWith(".amazonaws.com");
                assertThat(doc.path("cloud").path("account").path("id").isTextual()).isTrue();
                assertThat(MAPPER.readTree(e.original())).isEqualTo(MAPPER.readTree(MAPPER.writeValueAsString(
                        MAPPER.readTree(f.toFile()).get(events(sink, e)))));
            }
            events += sink.events.size();
        }
        assertThat(events).isGreaterThan(100);

        // One technique, checked field by field: a console login without MFA.
        CollectingSink sink = new CollectingSink();
        try (InputStream in = Files.newInputStream(TestPaths.fixtures().resolve(
                "stratus-red-team/aws.initial-access.console-login-without-mfa.json"))) {
            parser.parse(in, SourceRef.of("x"), sink);
        }
        Event login = sink.events.stream().filter(e -> "ConsoleLogin".equals(e.get("event.action"))).findFirst().orElseThrow();
        assertThat(login.get("aws.cloudtrail.console_login.additional_eventdata.mfa_used")).isEqualTo(false);
        assertThat(login.get("event.category")).isEqualTo(List.of("authentication"));
        assertThat(login.get("aws.cloudtrail.management_event")).isEqualTo("true");
    }

    private static int events(CollectingSink sink, Event e) {
        return sink.events.indexOf(e);
    }

    @Test
    void awsDocumentationExamplesParse() throws Exception {
        JsonNode blocks = MAPPER.readTree(TestPaths.fixtures().resolve("awsdocs/extracted_code_blocks.json").toFile());
        int files = 0;
        int events = 0;
        int invalid = 0;
        for (var it = blocks.fields(); it.hasNext(); ) {
            var entry = it.next();
            if (!entry.getKey().startsWith("aws-cloudtrail-user-guide/")) {
                continue;
            }
            for (JsonNode block : entry.getValue()) {
                String text = block.path("text").asText();
                if (!text.contains("\"Records\"")) {
                    continue;
                }
                CollectingSink sink = new CollectingSink();
                parser.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), SourceRef.of(entry.getKey()), sink);
                if (!block.path("kind").asText().equals("json")) {
                    // The guide's CreateRole example has raw newlines inside a string: not JSON, and said so.
                    assertThat(sink.deadLetters).singleElement()
                            .satisfies(d -> assertThat(d.reason()).startsWith("invalid_json: Illegal unquoted character"));
                    invalid++;
                    continue;
                }
                assertThat(sink.deadLetters).as(entry.getKey()).isEmpty();
                assertThat(sink.events).as(entry.getKey()).isNotEmpty();
                sink.events.forEach(GoldenFiles::document);
                files++;
                events += sink.events.size();
            }
        }
        assertThat(files).isGreaterThanOrEqualTo(7);
        assertThat(invalid).isEqualTo(1);
        assertThat(events).isGreaterThanOrEqualTo(files);
    }
}
