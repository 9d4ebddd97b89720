package io.siemflink.parsers.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The word-at-a-time scans of {@link LineReader} against plain byte loops, at every offset and length. */
class LineReaderScanTest {
    private static int naiveIndexOf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Test
    void findsTheFirstNewlineWhereverItIs() {
        SplittableRandom r = new SplittableRandom(1);
        for (int round = 0; round < 2000; round++) {
            byte[] b = new byte[1 + r.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                // Values around LF and the borrow cases: 0x0a, 0x0b, 0x09, 0x00, 0x8a, 0xff.
                int pick = r.nextInt(10);
                b[i] = (byte) (pick == 0 ? '\n' : pick == 1 ? 0x0b : pick == 2 ? 0x09 : pick == 3 ? 0 : pick == 4 ? 0x8a
                        : pick == 5 ? 0xff : 'a' + r.nextInt(26));
            }
            int from = r.nextInt(b.length + 1);
            int to = from + r.nextInt(b.length - from + 1);
            assertThat(LineReader.indexOf(b, from, to)).as("round %d", round).isEqualTo(naiveIndexOf(b, from, to));
        }
    }

    @Test
    void decodesAsciiAndUtf8AndRejectsMalformedInput() throws Exception {
        LineReader r = new LineReader(new java.io.ByteArrayInputStream(new byte[0]), 100);
        byte[] ascii = "plain \"ascii\" line".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(r.decode(ascii, 0, ascii.length)).isEqualTo("plain \"ascii\" line");
        String text = "caf\u00e9 \u20ac \ud83d\ude00 \ufffd";
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(r.decode(utf8, 0, utf8.length)).isEqualTo(text);
        for (byte[] bad : new byte[][] {{'a', (byte) 0x80}, {(byte) 0xff}, {(byte) 0xc3}, {'x', (byte) 0xe2, (byte) 0x82}}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.decode(bad, 0, bad.length))
                    .isInstanceOf(java.nio.charset.CharacterCodingException.class);
        }
    }
}
