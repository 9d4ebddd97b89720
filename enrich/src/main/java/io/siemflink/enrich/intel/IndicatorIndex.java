package io.siemflink.enrich.intel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Indicators arranged for lookups. IPv4: the addresses and networks flattened into sorted, disjoint ranges, each
 * labelled with the most specific indicator covering it, so a lookup is one binary search whatever the mix of
 * prefix lengths (a probe per prefix length cost ten hash lookups for a typical feed). IPv6: one hash map per
 * prefix length present (an exact address is a /128), probed from the longest prefix down. Domains in a hash map,
 * probed for the name and each parent domain ({@code a.evil.com} matches an indicator {@code evil.com}).
 * Immutable once built; shared by all threads.
 */
public final class IndicatorIndex {
    public static final IndicatorIndex EMPTY = new IndicatorIndex(List.of());

    /** Address bytes as a hash key (after masking to the prefix). */
    private record Key(long hi, long lo) {
        static Key of(byte[] a, int prefix) {
            if (a.length == 4) {
                long v = ((a[0] & 0xffL) << 24) | ((a[1] & 0xffL) << 16) | ((a[2] & 0xffL) << 8) | (a[3] & 0xffL);
                long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
                return new Key(-1, v & mask); // hi -1 keeps IPv4 keys apart from IPv6 ones
            }
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = hi << 8 | (a[i] & 0xff);
                lo = lo << 8 | (a[i + 8] & 0xff);
            }
            long hiMask = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
            long loMask = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
            return new Key(hi & hiMask, lo & loMask);
        }
    }

    /** IPv4 ranges [v4Start[i], v4End[i]] (unsigned values in longs), sorted and disjoint. */
    private final long[] v4Start;
    private final long[] v4End;
    private final Indicator[] v4Hit;
    private final int v4Count;
    private final int[] v6Prefixes;
    private final Map<Key, Indicator>[] v6;
    private final Map<String, Indicator> domains;
    private final int size;

    @SuppressWarnings("unchecked")
    IndicatorIndex(List<Entry> entries) {
        TreeMap<Integer, Map<Key, Indicator>> byPrefix4 = new TreeMap<>();
        TreeMap<Integer, Map<Key, Indicator>> byPrefix6 = new TreeMap<>();
        Map<String, Indicator> doms = new HashMap<>();
        for (Entry e : entries) {
            if (e.address() == null) {
                doms.putIfAbsent(e.indicator().value(), e.indicator());
            } else {
                var target = e.address().length == 4 ? byPrefix4 : byPrefix6;
                target.computeIfAbsent(e.prefix(), k -> new HashMap<>())
                        .putIfAbsent(Key.of(e.address(), e.prefix()), e.indicator());
            }
        }
        V4Ranges r = V4Ranges.of(byPrefix4);
        v4Start = r.start;
        v4End = r.end;
        v4Hit = r.hit;
        v4Count = byPrefix4.values().stream().mapToInt(Map::size).sum();
        v6Prefixes = byPrefix6.descendingKeySet().stream().mapToInt(Integer::intValue).toArray();
        v6 = byPrefix6.descendingMap().values().toArray(new Map[0]);
        domains = doms;
        int n = doms.size() + v4Count;
        for (Map<Key, Indicator> m : v6) {
            n += m.size();
        }
        size = n;
    }

    /**
     * IPv4 networks flattened: CIDR blocks are nested or disjoint, so a sweep in (start, wider first) order with a
     * stack of the enclosing blocks gives each stretch of addresses its innermost block.
     */
    private static final class V4Ranges {
        private long[] start = new long[16];
        private long[] end = new long[16];
        private Indicator[] hit = new Indicator[16];
        private int n;

        static V4Ranges of(TreeMap<Integer, Map<Key, Indicator>> byPrefix) {
            List<long[]> nets = new ArrayList<>(); // {first, last, prefix, index into inds}
            List<Indicator> inds = new ArrayList<>();
            for (var e : byPrefix.entrySet()) {
                long size = 1L << (32 - e.getKey());
                for (var k : e.getValue().entrySet()) {
                    nets.add(new long[] {k.getKey().lo(), k.getKey().lo() + size - 1, e.getKey(), inds.size()});
                    inds.add(k.getValue());
                }
            }
            nets.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[2], y[2]));
            V4Ranges r = new V4Ranges();
            long cursor = 0; // the first address not yet assigned
            ArrayDeque<long[]> open = new ArrayDeque<>();
            for (long[] net : nets) {
                while (!open.isEmpty() && open.peek()[1] < net[0]) {
                    long[] done = open.pop();
                    r.add(cursor, done[1], inds.get((int) done[3]));
                    cursor = Math.max(cursor, done[1] + 1);
                }
                if (!open.isEmpty()) {
                    r.add(cursor, net[0] - 1, inds.get((int) open.peek()[3]));
                }
                cursor = net[0];
                open.push(net);
            }
            while (!open.isEmpty()) {
                long[] done = open.pop();
                r.add(cursor, done[1], inds.get((int) done[3]));
                cursor = Math.max(cursor, done[1] + 1);
            }
            r.start = Arrays.copyOf(r.start, r.n);
            r.end = Arrays.copyOf(r.end, r.n);
            r.hit = Arrays.copyOf(r.hit, r.n);
            return r;
        }

        private void add(long first, long last, Indicator i) {
            if (first > last) {
                return;
            }
            if (n == start.length) {
                start = Arrays.copyOf(start, n * 2);
                end = Arrays.copyOf(end, n * 2);
                hit = Arrays.copyOf(hit, n * 2);
            }
            start[n] = first;
            end[n] = last;
            hit[n++] = i;
        }
    }

    /** An indicator with its address form for indexing (address null for a domain). */
    record Entry(Indicator indicator, byte[] address, int prefix) {
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public boolean hasAddresses() {
        return v4Start.length + v6.length > 0;
    }

    public boolean hasDomains() {
        return !domains.isEmpty();
    }

    /** The most specific indicator covering the address, or null. */
    public Indicator matchIp(byte[] a) {
        if (a.length == 4) {
            long v = ((a[0] & 0xffL) << 24) | ((a[1] & 0xffL) << 16) | ((a[2] & 0xffL) << 8) | (a[3] & 0xffL);
            int i = Arrays.binarySearch(v4Start, v);
            if (i < 0) {
                i = -i - 2; // the last range starting below v
            }
            return i >= 0 && v <= v4End[i] ? v4Hit[i] : null;
        }
        for (int i = 0; i < v6Prefixes.length; i++) {
            Indicator hit = v6[i].get(Key.of(a, v6Prefixes[i]));
            if (hit != null) {
                return hit;
            }
        }
        return null;
    }

    /** The indicator for the domain or its nearest listed parent, or null; {@code domain} must be lower case. */
    public Indicator matchDomain(String domain) {
        String d = domain;
        while (true) {
            Indicator hit = domains.get(d);
            if (hit != null) {
                return hit;
            }
            int dot = d.indexOf('.');
            if (dot < 0) {
                return null;
            }
            d = d.substring(dot + 1);
        }
    }

    /** Counts per type, for reports. */
    public Map<String, Integer> counts() {
        Map<String, Integer> m = new TreeMap<>();
        m.put("domain-name", domains.size());
        m.put("ipv4-addr", v4Count);
        m.put("ipv6-addr", Arrays.stream(v6).mapToInt(Map::size).sum());
        return m;
    }

    static IndicatorIndex of(List<Indicator> indicators) {
        List<Entry> entries = new ArrayList<>(indicators.size());
        for (Indicator i : indicators) {
            IndicatorValues.Value v = IndicatorValues.parse(i.value());
            entries.add(new Entry(i, v.address(), v.prefix()));
        }
        return new IndicatorIndex(entries);
    }
}
