package io.siemflink.detect.sigma;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Aho-Corasick over every case-insensitive substring literal of a family's rules: one pass over a lower-cased
 * value finds all literals it contains, instead of one search per literal (web rules test ~150 keywords
 * against the same log line). Literals have global ids ({@link #id}) so compiled rules stay immutable and a
 * scan result is a bit set.
 */
final class SubstringScanner {
    private static final Map<String, Integer> IDS = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();

    /** A stable id for a (lower-cased) literal, shared by every rule that uses it. */
    static int id(String literal) {
        Integer i = IDS.get(literal);
        return i != null ? i : IDS.computeIfAbsent(literal, k -> NEXT.getAndIncrement());
    }

    private final long[] covered;
    private final int words;
    private final byte[] ascii = new byte[128];
    private final Map<Character, Integer> other = new HashMap<>();
    private final int classes;
    private final int[] delta;
    /** Output of states firstOut.. (literal ids ending there). */
    private final int[][] out;
    private final int firstOut;

    /** @param literals lower-cased, non-empty */
    SubstringScanner(List<String> literals) {
        int maxId = 0;
        for (String l : literals) {
            maxId = Math.max(maxId, id(l));
        }
        words = maxId / 64 + 1;
        covered = new long[words];
        // Character classes: each character that occurs in a literal, plus 0 for all others.
        int next = 1;
        for (String l : literals) {
            for (int i = 0; i < l.length(); i++) {
                char c = l.charAt(i);
                if (c < 128) {
                    if (ascii[c] == 0) {
                        ascii[c] = (byte) next++;
                    }
                } else if (!other.containsKey(c)) {
                    other.put(c, next++);
                }
            }
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            ascii[c] = ascii[Character.toLowerCase(c)];
        }
        if (next > 127) {
            throw new IllegalArgumentException("more than 126 distinct characters in substring literals");
        }
        classes = next;
        // Trie.
        List<int[]> go = new ArrayList<>();
        List<List<Integer>> outs = new ArrayList<>();
        go.add(new int[classes]);
        outs.add(new ArrayList<>());
        for (String l : literals) {
            int id = id(l);
            covered[id >>> 6] |= 1L << id;
            int s = 0;
            for (int i = 0; i < l.length(); i++) {
                int c = cls(l.charAt(i));
                if (go.get(s)[c] == 0) {
                    go.get(s)[c] = go.size();
                    go.add(new int[classes]);
                    outs.add(new ArrayList<>());
                }
                s = go.get(s)[c];
            }
            outs.get(s).add(id);
        }
        // Failure links by breadth, completing the transition table into a DFA.
        int n = go.size();
        int[] fail = new int[n];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < classes; c++) {
            int t = go.get(0)[c];
            if (t != 0) {
                queue.add(t);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            outs.get(s).addAll(outs.get(fail[s]));
            for (int c = 0; c < classes; c++) {
                int t = go.get(s)[c];
                if (t != 0) {
                    fail[t] = go.get(fail[s])[c];
                    queue.add(t);
                } else {
                    go.get(s)[c] = go.get(fail[s])[c];
                }
            }
        }
        // States renumbered so that those with output come last: the scan tests one bound instead of loading
        // out[state] per character; transitions hold the next state pre-multiplied by the class count.
        int[] order = new int[n];
        int[] rank = new int[n];
        int w = 0;
        for (int st = 0; st < n; st++) {
            if (outs.get(st).isEmpty()) {
                order[w++] = st;
            }
        }
        firstOut = w;
        for (int st = 0; st < n; st++) {
            if (!outs.get(st).isEmpty()) {
                order[w++] = st;
            }
        }
        for (int i = 0; i < n; i++) {
            rank[order[i]] = i;
        }
        // The root must stay state 0 (it has no output: literals are non-empty).
        delta = new int[n * classes];
        out = new int[n - firstOut][];
        for (int i = 0; i < n; i++) {
            int st = order[i];
            for (int c = 0; c < classes; c++) {
                delta[i * classes + c] = rank[go.get(st)[c]] * classes;
            }
            if (i >= firstOut) {
                out[i - firstOut] = outs.get(st).stream().mapToInt(Integer::intValue).distinct().toArray();
            }
        }
    }

    private int cls(char c) {
        if (c < 128) {
            return ascii[c];
        }
        Integer s = other.get(c);
        return s == null ? 0 : s;
    }

    boolean covers(int id) {
        return id >>> 6 < words && (covered[id >>> 6] & (1L << id)) != 0;
    }

    boolean coversAll(long[] mask) {
        if (mask.length > words) {
            for (int i = words; i < mask.length; i++) {
                if (mask[i] != 0) {
                    return false;
                }
            }
        }
        for (int i = 0, n = Math.min(mask.length, words); i < n; i++) {
            if ((mask[i] & ~covered[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The ids of the literals that occur in {@code text}, ignoring case, as a bit set. ASCII letters are folded
     * by the character classes; other characters are lower-cased one by one, so no lower-cased copy is made.
     */
    long[] scan(String text) {
        long[] found = new long[words];
        int p = 0; // state * classes
        int k = classes;
        int outFrom = firstOut * k;
        byte[] asciiClass = ascii;
        boolean plainAscii = other.isEmpty();
        for (int i = 0, n = text.length(); i < n; i++) {
            char ch = text.charAt(i);
            int c = ch < 128 ? asciiClass[ch] : plainAscii ? 0 : cls(Character.toLowerCase(ch));
            p = delta[p + c];
            if (p >= outFrom) {
                for (int id : out[p / k - firstOut]) {
                    found[id >>> 6] |= 1L << id;
                }
            }
        }
        return found;
    }
}
