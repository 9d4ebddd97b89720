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

    private static boolean naiveAscii(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
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
    void asciiCheckSeesAHighByteAnywhere() {
        for (int len = 0; len < 40; len++) {
            for (int off = 0; off < 9; off++) {
                byte[] b = new byte[off + len + 3];
                java.util.Arrays.fill(b, (byte) 'x');
                assertThat(LineReader.isAscii(b, off, len)).isTrue();
                for (int hi = 0; hi < b.length; hi++) {
                    byte[] c = b.clone();
                    c[hi] = (byte) (hi % 2 == 0 ? 0x80 : 0xC3);
                    assertThat(LineReader.isAscii(c, off, len)).as("len %d off %d high at %d", len, off, hi)
                            .isEqualTo(naiveAscii(c, off, len));
                }
            }
        }
    }
}
