package io.siemflink.parsers.event;

import io.siemflink.parsers.LogType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Deterministic document ids for records that carry no id of their own: MurmurHash3 x64 128 of the log type
 * and the raw record bytes, as 22 URL-safe base64 characters. Identical lines in one family therefore share an
 * id; for flow and access logs an identical line means the same observation, so overwriting is right.
 */
public final class DocIds {
    private DocIds() {
    }

    public static String of(LogType type, byte[] raw, int off, int len) {
        long seed = type.ordinal() * 0x9E3779B97F4A7C15L + 0x5151;
        long[] h = murmur3x64(raw, off, len, seed);
        return base64(h[0], h[1]);
    }

    private static final byte[] B64_DIGITS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);

    /**
     * The 16 bytes of {@code hi, lo} (big-endian) as unpadded URL-safe base64: the same 22 characters as
     * {@code Base64.getUrlEncoder().withoutPadding()}, without its intermediate arrays. 128 bits are 21 groups
     * of six bits plus two bits, which the last character carries zero-filled.
     */
    static String base64(long hi, long lo) {
        byte[] out = new byte[22];
        // 128 bits = 21 * 6 + 2: walk the bits from the top, hi then lo.
        int p = 0;
        for (int shift = 58; shift >= 4; shift -= 6) { // chars 0..9 from hi bits 63..4
            out[p++] = B64_DIGITS[(int) (hi >>> shift) & 63];
        }
        // char 10: hi bits 3..0 and lo bits 63..62
        out[p++] = B64_DIGITS[(int) ((hi & 0xF) << 2 | lo >>> 62)];
        for (int shift = 56; shift >= 2; shift -= 6) { // chars 11..20 from lo bits 61..2
            out[p++] = B64_DIGITS[(int) (lo >>> shift) & 63];
        }
        out[p] = B64_DIGITS[(int) (lo & 3) << 4]; // char 21: lo bits 1..0, zero-filled
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /**
     * A deterministic id for something derived rather than read (a finding): the hash of a key its producer
     * builds from what identifies it, in a seed space apart from the log types'.
     */
    public static String ofKey(String key) {
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        long[] h = murmur3x64(b, 0, b.length, 0x51E3F1D1L);
        return base64(h[0], h[1]);
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

    /** Eight bytes as a little-endian long: one bounds-checked load instead of eight (standard VarHandle API). */
    private static final VarHandle LE_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static long getLong(byte[] b, int p) {
        return (long) LE_LONGS.get(b, p);
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
