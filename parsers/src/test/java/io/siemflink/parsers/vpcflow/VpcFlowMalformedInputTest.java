package io.siemflink.parsers.vpcflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.io.Inputs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Bad input never escapes as an exception, never hangs, and never takes good records down with it. */
class VpcFlowMalformedInputTest {
    static final Duration LIMIT = Duration.ofSeconds(20);
    final VpcFlowParser parser = new VpcFlowParser(ParserOptions.defaults());

    static String line(int i) {
        return "2 123456789012 eni-0f1e2d3c4b5a69788 10.0." + (i % 250) + ".7 203.0.113.12 " + (1024 + i % 60000)
                + " 443 6 " + (i % 90 + 1) + " " + (i * 37 % 100000 + 40) + " 1755678600 1755678660 "
                + (i % 5 == 0 ? "REJECT" : "ACCEPT") + " OK\n";
    }

    CollectingSink parseBytes(byte[] data) {
        CollectingSink s = new CollectingSink();
        assertTimeoutPreemptively(LIMIT, () -> {
            try (InputStream in = Inputs.open(new ByteArrayInputStream(data))) {
                parser.parse(in, SourceRef.of("t"), s);
            }
        });
        return s;
    }

    @Test
    void truncatedGzipKeepsTheLinesBeforeTheCut() throws IOException {
        StringBuilder sb = new StringBuilder(VpcFlowParserTest.HEADER).append('\n');
        int n = 5000;
        for (int i = 0; i < n; i++) {
            sb.append(line(i));
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] all = gz.toByteArray();
        CollectingSink s = parseBytes(Arrays.copyOf(all, all.length / 2));
        assertThat(s.events.size()).isBetween(100, n - 1);
        assertThat(s.deadLetters).hasSize(1);
        DeadLetter d = s.deadLetters.get(0);
        assertThat(d.reason()).startsWith("truncated_input");
        assertThat(d.line()).isEqualTo(s.events.size() + 2); // header, then the events, then the cut line
        // every event before the cut is complete and in order
        for (int i = 0; i < s.events.size(); i++) {
            assertThat(s.events.get(i).get("source.port")).isEqualTo(1024L + i);
        }
    }

    /** Lines must survive any read chunking (buffer compaction in the shared LineReader). */
    @Test
    void anyReadChunkingKeepsEveryLine() throws IOException {
        StringBuilder sb = new StringBuilder(VpcFlowParserTest.HEADER).append('\n');
        int n = 20000;
        for (int i = 0; i < n; i++) {
            sb.append(line(i));
        }
        byte[] data = sb.toString().getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 7, 100, 4096, 65536, 65537, 100_000, data.length}) {
            InputStream in = new ByteArrayInputStream(data) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    return super.read(b, off, Math.min(len, chunk));
                }
            };
            CollectingSink s = new CollectingSink();
            parser.parse(in, SourceRef.of("t"), s);
            assertThat(s.deadLetters).as("chunk " + chunk).isEmpty();
            assertThat(s.events).as("chunk " + chunk).hasSize(n);
            assertThat(s.events.get(n - 1).get("source.port")).isEqualTo(1024L + (n - 1) % 60000);
        }
    }

    @Test
    void shortLinesAreDeadLetters() {
        String in = line(1) + "2\n2 123456789012\n-\n" + line(2) + "2 123456789012 eni-1 - - - - - - - 1 2 -\n";
        CollectingSink s = parseBytes(in.getBytes(StandardCharsets.UTF_8));
        assertThat(s.events).hasSize(2);
        assertThat(s.deadLetters).extracting(DeadLetter::reason).containsExactly(
                "unknown_format: 1 fields; set the vpc format",
                "unknown_format: 2 fields; set the vpc format",
                "unknown_format: 1 fields; set the vpc format",
                "unknown_format: 13 fields; set the vpc format");
    }

    @Test
    void binaryGarbageBetweenGoodLines() {
        byte[] garbage = new byte[2 * 1024 * 1024];
        new Random(42).nextBytes(garbage);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(line(1).getBytes(StandardCharsets.UTF_8));
        b.writeBytes(garbage);
        b.write('\n');
        b.writeBytes(line(2).getBytes(StandardCharsets.UTF_8));
        CollectingSink s = parseBytes(b.toByteArray());
        assertThat(s.events).hasSize(2);
        assertThat(s.events.get(1).get("source.port")).isEqualTo(1026L);
        assertThat(s.deadLetters).isNotEmpty().allSatisfy(d -> {
            assertThat(d.reason()).isNotBlank();
            assertThat(d.original().length).isLessThanOrEqualTo(DeadLetter.MAX_ORIGINAL_BYTES);
        });
        // Every line read ends somewhere: random bytes hold about 2M/256 newlines.
        long newlines = 0;
        for (byte x : garbage) {
            newlines += x == '\n' ? 1 : 0;
        }
        assertThat((long) s.total()).isEqualTo(newlines + 3);
    }

    @Test
    void twelveMegabyteLine() {
        byte[] big = new byte[12 * 1024 * 1024];
        Arrays.fill(big, (byte) 'x');
        for (int i = 1000; i < big.length; i += 1000) {
            big[i] = ' ';
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(line(1).getBytes(StandardCharsets.UTF_8));
        b.writeBytes(big);
        b.write('\n');
        b.writeBytes(line(2).getBytes(StandardCharsets.UTF_8));
        CollectingSink s = parseBytes(b.toByteArray());
        assertThat(s.events).hasSize(2);
        assertThat(s.deadLetters).singleElement().satisfies(d -> {
            assertThat(d.reason()).startsWith("too_long");
            assertThat(d.originalLength()).isEqualTo(big.length);
            assertThat(d.originalTruncated()).isTrue();
            assertThat(d.line()).isEqualTo(2);
        });
    }

    @Test
    void twelveMegabyteRecord() {
        CollectingSink s = new CollectingSink();
        char[] c = new char[12 * 1024 * 1024];
        Arrays.fill(c, '7');
        assertTimeoutPreemptively(LIMIT, () -> parser.parseRecord(new String(c), SourceRef.of("k"), 0, s));
        assertThat(s.deadLetters).singleElement().satisfies(d -> assertThat(d.reason()).startsWith("too_long"));
    }

    @Test
    void nonUtf8BytesAreDeadLettersWithTheirBytes() {
        byte[] bad = "2 123456789012 eni-0f1e2d3c4b5a69788 10.0.1.25 203.0.113.12 49152 443 6 12 5240 1755678600 1755678660 ACCEPT \u00ff\u00fe"
                .getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(line(1).getBytes(StandardCharsets.UTF_8));
        b.writeBytes(bad);
        b.write('\n');
        b.writeBytes(line(2).getBytes(StandardCharsets.UTF_8));
        CollectingSink s = parseBytes(b.toByteArray());
        assertThat(s.events).hasSize(2);
        assertThat(s.deadLetters).singleElement().satisfies(d -> {
            assertThat(d.reasonCode()).isEqualTo("invalid_utf8");
            assertThat(d.original()).isEqualTo(bad);
            assertThat(d.toJson()).contains("original_base64");
        });
    }

    @Test
    void hostileHeadersAndJson() {
        StringBuilder sb = new StringBuilder();
        sb.append("version ").append("srcaddr ".repeat(500)).append('\n');        // too many names
        sb.append("{\"message\":{\"nested\":[1,2,3]}}\n");                          // message is not a string
        sb.append("{\"message\":\"").append("\\u0000".repeat(10)).append("\"}\n");  // control characters
        sb.append("{").append("[".repeat(5000)).append('\n');                       // deep nesting
        sb.append(line(3));
        CollectingSink s = parseBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(s.events).hasSize(1);
        assertThat(s.deadLetters).hasSize(4).allSatisfy(d -> assertThat(d.reason()).isNotBlank());
    }
}
