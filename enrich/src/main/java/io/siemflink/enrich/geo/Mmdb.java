package io.siemflink.enrich.geo;

import com.maxmind.db.InvalidDatabaseException;
import com.maxmind.db.Metadata;
import com.maxmind.db.Reader;
import io.siemflink.enrich.net.IpAddr;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One MaxMind DB file: the library's reader for metadata and decoding, plus our own walk of the search tree that
 * yields the data record's offset. Many networks share one data record (every /24 of a city points at the city's
 * record), so records decoded and converted once are kept by offset: a lookup of a new address is then a tree
 * walk and a map probe, where the reader decodes the whole record (maps, strings, doubles) every time. Thread-safe
 * and shared per JVM through {@link MmdbFiles}.
 *
 * <p>The walk follows the MaxMind DB format specification: {@code node_count} nodes of two records of
 * {@code record_size} bits (24, 28 or 32); a record below node_count is the next node, equal to it means "not
 * found", above it points into the data section; IPv4 addresses in an IPv6 tree start at the node reached by 96
 * zero bits.
 */
final class Mmdb {
    /** Converted records kept per file; beyond this the cache starts afresh (hot records come back at once). */
    static final int MAX_CACHED_RECORDS = 32_768;

    final Reader reader;
    private final ByteBuffer tree;
    private final long nodeCount;
    private final int recordSize;
    private final int nodeBytes;
    private final boolean ipv6Tree;
    private final long ipv4Start;
    private final ConcurrentHashMap<Long, Object> records = new ConcurrentHashMap<>();

    Mmdb(Path file, Reader reader) throws IOException {
        this.reader = reader;
        Metadata m = reader.getMetadata();
        nodeCount = m.nodeCount();
        recordSize = m.recordSize();
        if (recordSize != 24 && recordSize != 28 && recordSize != 32) {
            throw new InvalidDatabaseException("unsupported record size " + recordSize);
        }
        nodeBytes = recordSize / 4;
        long treeBytes = nodeCount * nodeBytes;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (treeBytes > Integer.MAX_VALUE || treeBytes > ch.size()) {
                throw new InvalidDatabaseException("search tree of " + treeBytes + " bytes does not fit the file");
            }
            tree = ch.map(FileChannel.MapMode.READ_ONLY, 0, treeBytes);
        }
        ipv6Tree = m.ipVersion() == 6;
        long node = 0;
        for (int i = 0; ipv6Tree && i < 96 && node < nodeCount; i++) {
            node = readNode(node, 0);
        }
        ipv4Start = node;
    }

    /**
     * The converted data record for the address, or null when the database has none. {@code convert} turns the
     * decoded record into what callers keep; a file is always converted by the same function (by its kind).
     */
    <T> T lookup(byte[] address, Class<T> type, Function<Map<?, ?>, T> convert) throws IOException {
        if (address.length == 16 && !ipv6Tree) {
            return null; // an IPv4 database knows no IPv6 addresses
        }
        long record = dataRecord(address);
        if (record < 0) {
            return null;
        }
        Object cached = records.get(record);
        if (type.isInstance(cached)) {
            return type.cast(cached);
        }
        Map<?, ?> decoded = reader.get(IpAddr.toInet(address), Map.class);
        T converted = convert.apply(decoded == null ? Map.of() : decoded);
        if (records.size() >= MAX_CACHED_RECORDS) {
            records.clear();
        }
        records.put(record, converted);
        return converted;
    }

    /** The search tree's record for the address (a value above node_count), or -1 when it is not in the tree. */
    long dataRecord(byte[] a) throws InvalidDatabaseException {
        long node = a.length == 4 ? ipv4Start : 0;
        int bits = a.length * 8;
        for (int i = 0; i < bits && node < nodeCount; i++) {
            node = readNode(node, (a[i >>> 3] >>> (7 - (i & 7))) & 1);
        }
        if (node == nodeCount) {
            return -1;
        }
        if (node < nodeCount) {
            throw new InvalidDatabaseException("search tree deeper than the address");
        }
        return node;
    }

    private long readNode(long node, int right) {
        int base = (int) (node * nodeBytes);
        ByteBuffer t = tree;
        switch (recordSize) {
            case 24: {
                int o = base + right * 3;
                return ((t.get(o) & 0xffL) << 16) | ((t.get(o + 1) & 0xff) << 8) | (t.get(o + 2) & 0xff);
            }
            case 28: {
                int middle = t.get(base + 3) & 0xff;
                int o = base + right * 4;
                long high = right == 0 ? (middle & 0xf0L) << 20 : (middle & 0x0fL) << 24;
                return high | ((t.get(o) & 0xffL) << 16) | ((t.get(o + 1) & 0xff) << 8) | (t.get(o + 2) & 0xff);
            }
            default: {
                int o = base + right * 4;
                return t.getInt(o) & 0xffffffffL;
            }
        }
    }
}
