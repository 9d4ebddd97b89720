package io.siemflink.enrich.intel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Indicators arranged for lookups: one hash map per prefix length present (an exact address is a /32 or /128),
 * probed from the longest prefix down, so a lookup costs one hash probe per distinct prefix length; domains in a
 * hash map, probed for the name and each parent domain ({@code a.evil.com} matches an indicator {@code evil.com}).
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

    private final int[] v4Prefixes;
    private final Map<Key, Indicator>[] v4;
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
        v4Prefixes = byPrefix4.descendingKeySet().stream().mapToInt(Integer::intValue).toArray();
        v4 = byPrefix4.descendingMap().values().toArray(new Map[0]);
        v6Prefixes = byPrefix6.descendingKeySet().stream().mapToInt(Integer::intValue).toArray();
        v6 = byPrefix6.descendingMap().values().toArray(new Map[0]);
        domains = doms;
        int n = doms.size();
        for (Map<Key, Indicator> m : v4) {
            n += m.size();
        }
        for (Map<Key, Indicator> m : v6) {
            n += m.size();
        }
        size = n;
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
        return v4.length + v6.length > 0;
    }

    public boolean hasDomains() {
        return !domains.isEmpty();
    }

    /** The most specific indicator covering the address, or null. */
    public Indicator matchIp(byte[] a) {
        int[] prefixes = a.length == 4 ? v4Prefixes : v6Prefixes;
        Map<Key, Indicator>[] maps = a.length == 4 ? v4 : v6;
        for (int i = 0; i < prefixes.length; i++) {
            Indicator hit = maps[i].get(Key.of(a, prefixes[i]));
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
        m.put("ipv4-addr", Arrays.stream(v4).mapToInt(Map::size).sum());
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
