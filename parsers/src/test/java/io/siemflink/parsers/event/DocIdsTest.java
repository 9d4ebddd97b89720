package io.siemflink.parsers.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.LogType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DocIdsTest {
    @Test
    void murmurMatchesTheReferenceVectors() {
        byte[] fox = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);
        long[] h = DocIds.murmur3x64(fox, 0, fox.length, 0);
        assertThat(h[0]).isEqualTo(0xe34bbc7bbc071b6cL);
        assertThat(h[1]).isEqualTo(0x7a433ca9c49a9347L);
        assertThat(DocIds.murmur3x64(new byte[0], 0, 0, 0)).containsExactly(0L, 0L);
    }

    @Test
    void idsAreStablePerTypeAndRecord() {
        String line = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
        String a = DocIds.of(LogType.VPCFLOW, line);
        assertThat(a).hasSize(22).isEqualTo(DocIds.of(LogType.VPCFLOW, line));
        assertThat(DocIds.of(LogType.ELB, line)).isNotEqualTo(a);
        assertThat(DocIds.of(LogType.VPCFLOW, line + " ")).isNotEqualTo(a);
        byte[] framed = ("xx" + line + "yy").getBytes(StandardCharsets.UTF_8);
        assertThat(DocIds.of(LogType.VPCFLOW, framed, 2, line.length())).isEqualTo(a);
    }

    @Test
    void base64MatchesTheJdkEncoder() {
        java.util.Base64.Encoder jdk = java.util.Base64.getUrlEncoder().withoutPadding();
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        long[][] cases = {{0, 0}, {-1, -1}, {Long.MIN_VALUE, 1}, {0x0123456789abcdefL, 0xfedcba9876543210L}};
        for (int i = 0; i < 1000 + cases.length; i++) {
            long hi = i < cases.length ? cases[i][0] : r.nextLong();
            long lo = i < cases.length ? cases[i][1] : r.nextLong();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).putLong(hi).putLong(lo);
            assertThat(DocIds.base64(hi, lo)).isEqualTo(jdk.encodeToString(b.array()));
        }
    }
}
