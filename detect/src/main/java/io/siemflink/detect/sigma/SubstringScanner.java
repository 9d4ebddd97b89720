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
    private final short[] ascii = new short[128];
    private final Map<Character, Short> other = new HashMap<>();
    private final int classes;
    private final int[] delta;
    private final int[][] out;

    /** @param literals lower-cased, non-empty */
    SubstringScanner(List<String> literals) {
        int maxId = 0;
        for (String l : literals) {
            maxId = Math.max(maxId, id(l));
        }
        words = maxId / 64 + 1;
        covered = new long[words];
        // Character classes: each character that occurs in a literal, plus 0 for all others.
        short next = 1;
        for (String l : literals) {
            for (int i = 0; i < l.length(); i++) {
                char c = l.charAt(i);
                if (c < 128) {
                    if (ascii[c] == 0) {
                        ascii[c] = next++;
                    }
                } else if (!other.containsKey(c)) {
                    other.put(c, next++);
                }
            }
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            ascii[c] = ascii[Character.toLowerCase(c)];
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
        delta = new int[n * classes];
        out = new int[n][];
        for (int s = 0; s < n; s++) {
            System.arraycopy(go.get(s), 0, delta, s * classes, classes);
            out[s] = outs.get(s).isEmpty() ? null : outs.get(s).stream().mapToInt(Integer::intValue).distinct().toArray();
        }
    }

    private int cls(char c) {
        if (c < 128) {
            return ascii[c];
        }
        Short s = other.get(c);
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
        int s = 0;
        int k = classes;
        boolean plainAscii = other.isEmpty();
        for (int i = 0, n = text.length(); i < n; i++) {
            char ch = text.charAt(i);
            int c = ch < 128 ? ascii[ch] : plainAscii ? 0 : cls(Character.toLowerCase(ch));
            s = delta[s * k + c];
            int[] o = out[s];
            if (o != null) {
                for (int id : o) {
                    found[id >>> 6] |= 1L << id;
                }
            }
        }
        return found;
    }
}
