package io.siemflink.parsers.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonBufferTest {
    /** What string() must produce, written the slow obvious way: JSON escapes, UTF-8, lone surrogates as \\u. */
    private static byte[] reference(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String esc = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                default -> null;
            };
            if (esc != null) {
                out.writeBytes(esc.getBytes(StandardCharsets.US_ASCII));
            } else if (c < 0x20 || (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))))) {
                out.writeBytes(String.format("\\u%04x", (int) c).getBytes(StandardCharsets.US_ASCII));
            } else if (Character.isHighSurrogate(c)) {
                out.writeBytes(s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i++;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        out.write('"');
        return out.toByteArray();
    }

    private static byte[] written(String s) {
        JsonBuffer b = new JsonBuffer(4); // tiny: growth happens in every path
        b.raw((byte) '[');
        b.string(s);
        byte[] all = b.toByteArray();
        return java.util.Arrays.copyOfRange(all, 1, all.length);
    }

    private static final char[] SPECIAL = {'"', '\\', '\n', '\r', '\t', '\b', '\f', 0, 0x1f, 0x7f, 0x80, 0xe9, 0xff,
        0x100, 0x141, 0x122, 0x15c, 0x20ac, 0xfffd, '\ud83d', '\ude00'};

    @Test
    void escapesAndEncodesLikeTheReferenceAtEveryLengthAndPosition() {
        SplittableRandom r = new SplittableRandom(3);
        int[] lengths = {0, 1, 7, 8, 9, 31, 32, 33, 40, 63, 64, 65, 100, 700, 4095, 4096, 4097, 9000};
        for (int len : lengths) {
            for (int round = 0; round < 40; round++) {
                StringBuilder sb = new StringBuilder(len);
                for (int i = 0; i < len; i++) {
                    sb.append((char) (' ' + r.nextInt(95)));
                }
                int specials = round == 0 ? 0 : 1 + r.nextInt(3);
                for (int k = 0; k < specials && len > 0; k++) {
                    sb.setCharAt(r.nextInt(len), SPECIAL[r.nextInt(SPECIAL.length)]);
                }
                String s = sb.toString();
                assertThat(written(s)).as("len %d round %d", len, round).isEqualTo(reference(s));
            }
        }
    }

    @Test
    void surrogatePairsAndLoneSurrogatesAroundChunkEnds() {
        String pair = "\ud83d\ude00";
        for (int at : new int[] {0, 30, 31, 32, 4094, 4095, 4096}) {
            String plain = "a".repeat(5000);
            String withPair = plain.substring(0, at) + pair + plain.substring(at);
            assertThat(written(withPair)).isEqualTo(reference(withPair));
            String lone = plain.substring(0, at) + '\ud83d' + plain.substring(at);
            assertThat(written(lone)).isEqualTo(reference(lone));
            assertThat(new String(written(lone), StandardCharsets.UTF_8)).contains("\\ud83d");
        }
    }

    @Test
    void charsAboveLatin1AreNeverTruncatedToTheirLowByte() {
        // U+0141 would be 'A' and U+0122 a quote if only the low byte were copied.
        String s = "x".repeat(40) + "\u0141\u0122\u015c" + "y".repeat(40);
        assertThat(new String(written(s), StandardCharsets.UTF_8)).isEqualTo('"' + s + '"');
    }

    @Test
    void plainAsciiScanAgreesWithTheEscapeTable() {
        for (int c = 0; c < 256; c++) {
            for (int pos = 0; pos < 20; pos++) {
                byte[] b = "abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);
                b[pos] = (byte) c;
                boolean plain = c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
                assertThat(JsonBuffer.plainAscii(b, 1, 19)).as("byte %02x at %d", c, pos).isEqualTo(pos == 0 || plain);
            }
        }
    }

    @Test
    void timestampsMatchTheirText() {
        for (Timestamp t : new Timestamp[] {Timestamp.ofEpochSecond(0), Timestamp.of(1_755_678_600L, 123_000_000),
            Timestamp.of(1_748_772_000L, 123_456_000), Timestamp.of(-1, 999_999_999), Timestamp.of(253_402_300_799L, 1),
            Timestamp.ofEpochSecond(-62_167_219_200L)}) {
            String expected = '"' + t.toString() + '"';
            Timestamp fresh = Timestamp.of(t.epochSecond(), t.nanos()); // not formatted yet: the direct path
            JsonBuffer b = new JsonBuffer(2);
            b.timestamp(fresh);
            b.timestamp(t); // formatted: the copy path
            assertThat(new String(b.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo(expected + expected);
        }
        JsonBuffer b = new JsonBuffer(8);
        b.raw((byte) '[');
        assertThatThrownBy(() -> b.timestamp(Timestamp.ofEpochSecond(253_402_300_800L))).isInstanceOf(DateTimeException.class);
        assertThat(b.length()).as("nothing half-written").isEqualTo(1);
    }

    @Test
    void doublesAsJavaPrintsThemAlsoWhenRepeated() {
        double[] values = {0.001, 0.000043, 4.036, -1.5, 1e-7, 123456.789, 1e20, 2e-3, 0.1 + 0.2};
        for (int round = 0; round < 2; round++) {
            for (double v : values) {
                JsonBuffer b = new JsonBuffer(4);
                b.number(v);
                assertThat(new String(b.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo(Double.toString(v));
            }
        }
        JsonBuffer b = new JsonBuffer(4);
        b.number(3.0).raw((byte) ' ').number(Double.NaN);
        assertThat(new String(b.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo("3.0 null");
    }

    @Test
    void longsAsJavaPrintsThem() {
        java.util.List<Long> values = new java.util.ArrayList<>(List.of(0L, 1L, -1L, 9L, 10L, 99L, 100L, 101L, 999L,
                1000L, 65535L, -65535L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1));
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10; p *= 10) {
            values.addAll(List.of(p - 1, p, p + 1, -p, 10 * p - 1));
        }
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 2000; i++) {
            values.add(r.nextLong() >> r.nextInt(64));
        }
        JsonBuffer b = new JsonBuffer(1);
        StringBuilder expected = new StringBuilder();
        for (long v : values) {
            b.number(v).raw((byte) ',');
            expected.append(v).append(',');
        }
        assertThat(new String(b.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    }
}
