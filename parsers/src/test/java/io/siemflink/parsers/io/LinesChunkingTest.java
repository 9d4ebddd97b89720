package io.siemflink.parsers.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.SourceRef;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line splitter across buffer boundaries, with streams that return data in odd pieces. */
class LinesChunkingTest {
    record Line(String text, long lineNo, long offset) {
    }

    private static List<Line> split(InputStream in, int maxLine, CollectingSink sink) throws IOException {
        List<Line> out = new ArrayList<>();
        Lines.forEach(in, LogType.ELB, SourceRef.of("t"), sink, maxLine,
                (text, raw, off, len, lineNo, offset) -> out.add(new Line(text, lineNo, offset)));
        return out;
    }

    /** Returns at most {@code chunk} bytes per read, like a network stream. */
    static InputStream chunked(byte[] b, int chunk) {
        return new FilterInputStream(new ByteArrayInputStream(b)) {
            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                return super.read(buf, off, Math.min(len, chunk));
            }
        };
    }

    @Test
    void everyLineOfALargeInputComesOutWhateverTheReadSizes() throws IOException {
        StringBuilder sb = new StringBuilder();
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            offsets.add((long) sb.length());
            sb.append("line-").append(i).append(" ").append("x".repeat(i % 700)).append(i % 3 == 0 ? "\r\n" : "\n");
        }
        sb.append("last-without-newline");
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 7, 4096, 65536, 1 << 20}) {
            CollectingSink sink = new CollectingSink();
            List<Line> lines = split(chunked(bytes, chunk), 1024 * 1024, sink);
            assertThat(lines).as("chunk " + chunk).hasSize(3001);
            for (int i = 0; i < 3000; i++) {
                assertThat(lines.get(i).text()).isEqualTo("line-" + i + " " + "x".repeat(i % 700));
                assertThat(lines.get(i).lineNo()).isEqualTo(i + 1);
                assertThat(lines.get(i).offset()).isEqualTo(offsets.get(i));
            }
            assertThat(lines.get(3000).text()).isEqualTo("last-without-newline");
            assertThat(sink.total()).isZero();
        }
    }

    @Test
    void overlongLinesAcrossBuffersAreReportedOnce() throws IOException {
        String longLine = "y".repeat(5000);
        byte[] bytes = ("a\n" + longLine + "\nb\n" + longLine + "\n").getBytes(StandardCharsets.UTF_8);
        CollectingSink sink = new CollectingSink();
        List<Line> lines = split(chunked(bytes, 333), 1024, sink);
        assertThat(lines).extracting(Line::text).containsExactly("a", "b");
        assertThat(lines).extracting(Line::offset).containsExactly(0L, 5003L);
        assertThat(sink.deadLetters).hasSize(2).allSatisfy(d -> {
            assertThat(d.reason()).isEqualTo("too_long: line of 5000 bytes exceeds the limit of 1024");
            assertThat(d.originalLength()).isEqualTo(5000);
        });
        assertThat(sink.deadLetters).extracting(DeadLetter::line).containsExactly(2L, 4L);
        assertThat(sink.deadLetters).extracting(DeadLetter::offset).containsExactly(2L, 5005L);
    }

    @Test
    void corruptInputEndsWithOneDeadLetterHoldingThePartialLine() throws IOException {
        InputStream breaking = new InputStream() {
            final byte[] data = "one\ntwo\nthr".getBytes(StandardCharsets.UTF_8);
            int i;

            @Override
            public int read() throws IOException {
                if (i == data.length) {
                    throw new CorruptInputException("truncated_input: boom");
                }
                return data[i++];
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (i == data.length) {
                    throw new CorruptInputException("truncated_input: boom");
                }
                b[off] = data[i++];
                return 1;
            }
        };
        CollectingSink sink = new CollectingSink();
        List<Line> lines = split(breaking, 1024, sink);
        assertThat(lines).extracting(Line::text).containsExactly("one", "two");
        assertThat(sink.deadLetters).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("truncated_input: boom");
            assertThat(d.originalText()).isEqualTo("thr");
            assertThat(d.line()).isEqualTo(3);
        });
    }
}
