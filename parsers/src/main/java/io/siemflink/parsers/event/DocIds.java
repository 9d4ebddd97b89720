package io.siemflink.parsers.event;

import io.siemflink.parsers.LogType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Deterministic document ids for records that carry no id of their own: MurmurHash3 x64 128 of the log type
 * and the raw record bytes, as 22 URL-safe base64 characters. Identical lines in one family therefore share an
 * id; for flow and access logs an identical line means the same observation, so overwriting is right.
 */
public final class DocIds {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private DocIds() {
    }

    public static String of(LogType type, byte[] raw, int off, int len) {
        long seed = type.ordinal() * 0x9E3779B97F4A7C15L + 0x5151;
        long[] h = murmur3x64(raw, off, len, seed);
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (h[0] >>> (56 - 8 * i));
            out[8 + i] = (byte) (h[1] >>> (56 - 8 * i));
        }
        return B64.encodeToString(out);
    }

    public static String of(LogType type, String raw) {
        byte[] b = raw.getBytes(StandardCharsets.UTF_8);
        return of(type, b, 0, b.length);
    }

    static long[] murmur3x64(byte[] data, int off, int len, long seed) {
        final long c1 = 0x87c37b91114253d5L;
        final long c2 = 0x4cf5ad432745937fL;
        long h1 = seed;
        long h2 = seed;
        int nblocks = len / 16;
        for (int i = 0; i < nblocks; i++) {
            int p = off + i * 16;
            long k1 = getLong(data, p);
            long k2 = getLong(data, p + 8);
            k1 *= c1;
            k1 = Long.rotateLeft(k1, 31);
            k1 *= c2;
            h1 ^= k1;
            h1 = Long.rotateLeft(h1, 27);
            h1 += h2;
            h1 = h1 * 5 + 0x52dce729;
            k2 *= c2;
            k2 = Long.rotateLeft(k2, 33);
            k2 *= c1;
            h2 ^= k2;
            h2 = Long.rotateLeft(h2, 31);
            h2 += h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        long k1 = 0;
        long k2 = 0;
        int tail = off + nblocks * 16;
        switch (len & 15) {
            case 15: k2 ^= ((long) data[tail + 14] & 0xff) << 48;
            case 14: k2 ^= ((long) data[tail + 13] & 0xff) << 40;
            case 13: k2 ^= ((long) data[tail + 12] & 0xff) << 32;
            case 12: k2 ^= ((long) data[tail + 11] & 0xff) << 24;
            case 11: k2 ^= ((long) data[tail + 10] & 0xff) << 16;
            case 10: k2 ^= ((long) data[tail + 9] & 0xff) << 8;
            case 9:
                k2 ^= (long) data[tail + 8] & 0xff;
                k2 *= c2;
                k2 = Long.rotateLeft(k2, 33);
                k2 *= c1;
                h2 ^= k2;
            case 8: k1 ^= ((long) data[tail + 7] & 0xff) << 56;
            case 7: k1 ^= ((long) data[tail + 6] & 0xff) << 48;
            case 6: k1 ^= ((long) data[tail + 5] & 0xff) << 40;
            case 5: k1 ^= ((long) data[tail + 4] & 0xff) << 32;
            case 4: k1 ^= ((long) data[tail + 3] & 0xff) << 24;
            case 3: k1 ^= ((long) data[tail + 2] & 0xff) << 16;
            case 2: k1 ^= ((long) data[tail + 1] & 0xff) << 8;
            case 1:
                k1 ^= (long) data[tail] & 0xff;
                k1 *= c1;
                k1 = Long.rotateLeft(k1, 31);
                k1 *= c2;
                h1 ^= k1;
            default:
                break;
        }
        h1 ^= len;
        h2 ^= len;
        h1 += h2;
        h2 += h1;
        h1 = fmix(h1);
        h2 = fmix(h2);
        h1 += h2;
        h2 += h1;
        return new long[] {h1, h2};
    }

    private static long getLong(byte[] b, int p) {
        return ((long) b[p] & 0xff) | ((long) b[p + 1] & 0xff) << 8 | ((long) b[p + 2] & 0xff) << 16
                | ((long) b[p + 3] & 0xff) << 24 | ((long) b[p + 4] & 0xff) << 32 | ((long) b[p + 5] & 0xff) << 40
                | ((long) b[p + 6] & 0xff) << 48 | ((long) b[p + 7] & 0xff) << 56;
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
