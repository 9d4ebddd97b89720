package io.siemflink.parsers.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class LinesTest {
    private final SourceRef src = SourceRef.of("test");

    /** Runs the shared loop with a handler that turns each line into an event holding its text. */
    private CollectingSink run(InputStream in, int maxLine) throws IOException {
        CollectingSink sink = new CollectingSink();
        Lines.forEach(in, LogType.ELB, src, sink, maxLine, (text, raw, off, len, lineNo, offset) -> {
            if (text.startsWith("boom")) {
                throw new IllegalStateException("handler failed");
            }
            sink.event(new Event(LogType.ELB).put("message", text).put("line", lineNo).put("offset", offset));
        });
        return sink;
    }

    private static List<Object> texts(CollectingSink s) {
        List<Object> l = new ArrayList<>();
        s.events.forEach(e -> l.add(e.get("message")));
        return l;
    }

    @Test
    void lastLineWithoutNewlineCountsAndCrlfIsStripped() throws IOException {
        CollectingSink s = run(bytes("a\r\nb\nc"), 1024);
        assertThat(texts(s)).containsExactly("a", "b", "c");
        assertThat(s.events.get(2).get("line")).isEqualTo(3L);
        assertThat(s.events.get(2).get("offset")).isEqualTo(5L);
    }

    @Test
    void blankLinesAreCountedSkips() throws IOException {
        CollectingSink s = run(bytes("a\n\n  \nb\n"), 1024);
        assertThat(texts(s)).containsExactly("a", "b");
        assertThat(s.skips).hasSize(2).allMatch(k -> k.reason().equals("blank_line"));
    }

    @Test
    void overlongLineIsDeadLetteredWithItsHeadAndTheNextLinesSurvive() throws IOException {
        byte[] big = new byte[12 * 1024 * 1024];
        Arrays.fill(big, (byte) 'x');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("first\n".getBytes(StandardCharsets.UTF_8));
        out.write(big);
        out.write("\nlast".getBytes(StandardCharsets.UTF_8));
        CollectingSink s = run(new ByteArrayInputStream(out.toByteArray()), 1024 * 1024);
        assertThat(texts(s)).containsExactly("first", "last");
        assertThat(s.deadLetters).hasSize(1);
        DeadLetter d = s.deadLetters.get(0);
        assertThat(d.reason()).startsWith("too_long: line of 12582912 bytes");
        assertThat(d.originalLength()).isEqualTo(12L * 1024 * 1024);
        assertThat(d.original()).hasSize(DeadLetter.MAX_ORIGINAL_BYTES);
        assertThat(d.line()).isEqualTo(2);
        assertThat(s.events.get(1).get("line")).isEqualTo(3L);
    }

    @Test
    void invalidUtf8AndHandlerFailuresAreDeadLettersNotExceptions() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("ok1\n".getBytes(StandardCharsets.UTF_8));
        out.write(new byte[] {'b', 'a', 'd', (byte) 0xC3, (byte) 0x28, '\n'});
        out.write("boom\nok2 é\n".getBytes(StandardCharsets.UTF_8));
        CollectingSink s = run(new ByteArrayInputStream(out.toByteArray()), 1024);
        assertThat(texts(s)).containsExactly("ok1", "ok2 é");
        assertThat(s.deadLetters).extracting(DeadLetter::reasonCode).containsExactly("invalid_utf8", "parser_error");
        assertThat(s.deadLetters.get(0).original()).containsExactly('b', 'a', 'd', (byte) 0xC3, (byte) 0x28);
        assertThat(s.deadLetters.get(0).toJson()).contains("\"original_base64\":\"YmFkwyg=\"");
    }

    @Test
    void truncatedGzipKeepsLinesBeforeTheCutAndReportsTheRest() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            sb.append("line number ").append(i).append(" with some padding to make it longer\n");
        }
        byte[] gz = gzip(sb.toString().getBytes(StandardCharsets.UTF_8));
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        CollectingSink s = run(Inputs.open(new ByteArrayInputStream(cut)), 1024);
        assertThat(s.events.size()).isBetween(100, 19_999);
        for (int i = 0; i < s.events.size(); i++) {
            assertThat(s.events.get(i).get("message")).isEqualTo("line number " + i + " with some padding to make it longer");
        }
        assertThat(s.deadLetters).hasSize(1);
        assertThat(s.deadLetters.get(0).reasonCode()).isEqualTo("truncated_input");
    }

    @Test
    void concatenatedGzipMembersAreAllRead() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(gzip("a\nb\n".getBytes(StandardCharsets.UTF_8)));
        out.write(gzip("c\nd".getBytes(StandardCharsets.UTF_8)));
        // A stream that hands out one byte at a time and reports nothing available, like a slow socket.
        InputStream trickle = new InputStream() {
            final ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, Math.min(len, 1));
            }

            @Override
            public int available() {
                return 0;
            }
        };
        assertThat(texts(run(Inputs.open(trickle), 1024))).containsExactly("a", "b", "c", "d");
    }

    @Test
    void decompressedSizeCapStopsAGzipBomb() throws IOException {
        byte[] zeros = new byte[50 * 1024 * 1024];
        Arrays.fill(zeros, (byte) 'a');
        byte[] bomb = gzip(zeros);
        assertThat(bomb.length).isLessThan(200_000);
        CollectingSink s = run(Inputs.open(new ByteArrayInputStream(bomb), 1024 * 1024), 64 * 1024);
        assertThat(s.events).isEmpty();
        assertThat(s.deadLetters).isNotEmpty();
        assertThat(s.deadLetters.get(s.deadLetters.size() - 1).reason()).contains("too_large");
    }

    @Test
    void plainInputPassesThroughAndGarbageIsNotMistakenForGzip() throws IOException {
        assertThat(texts(run(Inputs.open(bytes("x\ny")), 1024))).containsExactly("x", "y");
        byte[] notGzip = {0x1f, 0x00, 'a', '\n'};
        CollectingSink s = run(Inputs.open(new ByteArrayInputStream(notGzip)), 1024);
        assertThat(texts(s)).containsExactly("\u001f\u0000a");
    }

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
