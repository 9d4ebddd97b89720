package io.siemflink.enrich.geo;

import static org.assertj.core.api.Assertions.assertThat;

import com.maxmind.db.Reader;
import io.siemflink.enrich.net.IpAddr;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our search-tree walk against the MaxMind library's own lookup, for every record size and both tree kinds. The
 * databases are written here (the MaxMind DB format is small: a binary trie, a data section, metadata), because
 * the MaxMind test files at hand all use 28-bit records in IPv6 trees.
 */
class MmdbTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"24,4", "24,6", "28,4", "28,6", "32,4", "32,6"})
    void treeWalkFindsTheRecordTheReaderFinds(int recordSize, int ipVersion) throws IOException {
        SplittableRandom r = new SplittableRandom(recordSize * 10L + ipVersion);
        List<int[]> nets = new ArrayList<>(); // {address, prefix}, disjoint: one per /16
        for (int i = 0; i < 300; i++) {
            int base = (1 + r.nextInt(223)) << 24 | i << 16;
            int prefix = 16 + r.nextInt(17);
            nets.add(new int[] {base | (r.nextInt(1 << 16) & ~(prefix == 32 ? 0 : -1 >>> prefix)), prefix});
        }
        Path file = tmp.resolve("t.mmdb");
        Files.write(file, write(nets, recordSize, ipVersion));
        try (Reader reader = new Reader(file.toFile())) {
            Mmdb db = new Mmdb(file, reader);
            int found = 0;
            for (int q = 0; q < 5_000; q++) {
                int[] n = nets.get(r.nextInt(nets.size()));
                // half inside a listed network, half anywhere in its /16
                int addr = q % 2 == 0 ? n[0] | (n[1] == 32 ? 0 : r.nextInt() & (-1 >>> n[1])) : n[0] & 0xffff0000 | r.nextInt(1 << 16);
                byte[] a = {(byte) (addr >>> 24), (byte) (addr >>> 16), (byte) (addr >>> 8), (byte) addr};
                Map<?, ?> expected = reader.get(IpAddr.toInet(a), Map.class);
                String got = db.lookup(a, String.class, MmdbTest::name);
                assertThat(got).as("%s", IpAddr.toInet(a)).isEqualTo(expected == null ? null : name(expected));
                found += got == null ? 0 : 1;
            }
            assertThat(found).isGreaterThan(2_500);
            if (ipVersion == 6) {
                assertThat(db.lookup(IpAddr.parse("2001:db8::1"), String.class, MmdbTest::name)).isNull();
            }
        }
    }

    private static String name(Map<?, ?> m) {
        return (String) ((Map<?, ?>) m.get("names")).get("en");
    }

    /** A database mapping each network to {names: {en: "net<i>"}}. */
    private static byte[] write(List<int[]> nets, int recordSize, int ipVersion) {
        List<long[]> nodes = new ArrayList<>();
        nodes.add(new long[] {-1, -1}); // -1 empty, <= -2 leaf -(2 + data index), >= 0 node
        int skip = ipVersion == 6 ? 96 : 0;
        for (int i = 0; i < nets.size(); i++) {
            int[] n = nets.get(i);
            int node = 0;
            int bits = skip + n[1];
            for (int b = 0; b < bits; b++) {
                int bit = b < skip ? 0 : (n[0] >>> (31 - (b - skip))) & 1;
                if (b == bits - 1) {
                    nodes.get(node)[bit] = -(2 + i);
                } else {
                    if (nodes.get(node)[bit] < 0) {
                        nodes.get(node)[bit] = nodes.size();
                        nodes.add(new long[] {-1, -1});
                    }
                    node = (int) nodes.get(node)[bit];
                }
            }
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        if (recordSize > 24) {
            // unreferenced padding, so that data pointers need more than 24 bits (the 28-bit nibbles, 32 bits)
            data.write(new byte[1 << 24], 0, 1 << 24);
        }
        int[] offsets = new int[nets.size()];
        for (int i = 0; i < nets.size(); i++) {
            offsets[i] = data.size();
            data.write(0xE1); // map, 1 entry
            string(data, "names");
            data.write(0xE1);
            string(data, "en");
            string(data, "net" + i);
        }
        long count = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long[] node : nodes) {
            long[] rec = new long[2];
            for (int s = 0; s < 2; s++) {
                long v = node[s];
                rec[s] = v == -1 ? count : v <= -2 ? count + 16 + offsets[(int) (-v - 2)] : v;
            }
            switch (recordSize) {
                case 24 -> {
                    bytes(out, rec[0], 3);
                    bytes(out, rec[1], 3);
                }
                case 28 -> {
                    bytes(out, rec[0] & 0xffffff, 3);
                    out.write((int) ((rec[0] >>> 24) << 4 | (rec[1] >>> 24)));
                    bytes(out, rec[1] & 0xffffff, 3);
                }
                default -> {
                    bytes(out, rec[0], 4);
                    bytes(out, rec[1], 4);
                }
            }
        }
        out.write(new byte[16], 0, 16); // data section separator
        out.write(data.toByteArray(), 0, data.size());
        out.write(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF}, 0, 3);
        out.write("MaxMind.com".getBytes(StandardCharsets.US_ASCII), 0, 11);
        out.write(0xE0 | 9); // metadata map, 9 entries
        string(out, "node_count");
        out.write(0xC4); // uint32, 4 bytes
        bytes(out, count, 4);
        string(out, "record_size");
        out.write(0xA2); // uint16, 2 bytes
        bytes(out, recordSize, 2);
        string(out, "ip_version");
        out.write(0xA2);
        bytes(out, ipVersion, 2);
        string(out, "database_type");
        string(out, "Test-City");
        string(out, "languages");
        out.write(0x01); // extended type, 1 element
        out.write(0x04); // array (11 - 7)
        string(out, "en");
        string(out, "binary_format_major_version");
        out.write(0xA1);
        out.write(2);
        string(out, "binary_format_minor_version");
        out.write(0xA0);
        string(out, "build_epoch");
        out.write(0x04); // extended type, 4 bytes
        out.write(0x02); // uint64 (9 - 7)
        bytes(out, 1_700_000_000L, 4);
        string(out, "description");
        out.write(0xE0);
        return out.toByteArray();
    }

    private static void string(ByteArrayOutputStream o, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        o.write(0x40 | b.length); // utf8_string, length < 29
        o.write(b, 0, b.length);
    }

    private static void bytes(ByteArrayOutputStream o, long v, int n) {
        for (int i = n - 1; i >= 0; i--) {
            o.write((int) (v >>> (8 * i)) & 0xff);
        }
    }
}
