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
    /** Trie depth (length of the prefix read) per state. */
    private final int[] depth;

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
        List<Integer> depths = new ArrayList<>();
        go.add(new int[classes]);
        outs.add(new ArrayList<>());
        depths.add(0);
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
                    depths.add(i + 1);
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
        depth = new int[n];
        for (int i = 0; i < n; i++) {
            int st = order[i];
            depth[i] = depths.get(st);
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
     *
     * <p>A pass is bound by latency: each state load waits for the previous one. Longer texts are therefore cut
     * into segments scanned by independent automata in one interleaved loop ({@link #LANES_4_MIN}), which lets
     * the CPU overlap their loads. The automaton of a segment starts at the root, so it misses occurrences that
     * begin in the segment before; the automaton of that segment covers them by reading on past its end until
     * the two agree (its state is no deeper than what it read past the end: {@link #tail}).
     */
    long[] scan(String text) {
        int n = text.length();
        return scan(text, n >= LANES_4_MIN ? 4 : n >= LANES_2_MIN ? 2 : 1);
    }

    /** Texts at least this long are scanned in four interleaved segments (a URL, a user agent, a log line), */
    static final int LANES_4_MIN = 64;
    /** ... and those at least this long in two. */
    static final int LANES_2_MIN = 24;

    /** {@link #scan(String)} with a given number of segments (1, 2 or 4; for tests). */
    long[] scan(String text, int lanes) {
        long[] found = new long[words];
        int n = text.length();
        if (lanes == 4 && n >= 4) {
            scan4(text, found);
        } else if (lanes >= 2 && n >= 2) {
            scan2(text, found);
        } else {
            run(text, 0, n, 0, found);
        }
        return found;
    }

    /** Character class of {@code ch}, lower-cased first when it is not ASCII. */
    private int classOf(char ch) {
        return ch < 128 ? ascii[ch] : other.isEmpty() ? 0 : cls(Character.toLowerCase(ch));
    }

    private void report(int p, long[] found) {
        for (int id : out[p / classes - firstOut]) {
            found[id >>> 6] |= 1L << id;
        }
    }

    private void scan2(String text, long[] found) {
        int n = text.length();
        int half = n >>> 1;
        int[] d = delta;
        int outFrom = firstOut * classes;
        int p0 = 0;
        int p1 = 0;
        for (int i = 0; i < half; i++) {
            p0 = d[p0 + classOf(text.charAt(i))];
            p1 = d[p1 + classOf(text.charAt(half + i))];
            if (p0 >= outFrom) {
                report(p0, found);
            }
            if (p1 >= outFrom) {
                report(p1, found);
            }
        }
        run(text, half + half, n, p1, found); // an odd length leaves one character
        tail(text, half, n, p0, found);
    }

    private void scan4(String text, long[] found) {
        int n = text.length();
        int q = n >>> 2;
        int b1 = q;
        int b2 = 2 * q;
        int b3 = 3 * q;
        int[] d = delta;
        int outFrom = firstOut * classes;
        int p0 = 0;
        int p1 = 0;
        int p2 = 0;
        int p3 = 0;
        for (int i = 0; i < q; i++) {
            p0 = d[p0 + classOf(text.charAt(i))];
            p1 = d[p1 + classOf(text.charAt(b1 + i))];
            p2 = d[p2 + classOf(text.charAt(b2 + i))];
            p3 = d[p3 + classOf(text.charAt(b3 + i))];
            if (p0 >= outFrom) {
                report(p0, found);
            }
            if (p1 >= outFrom) {
                report(p1, found);
            }
            if (p2 >= outFrom) {
                report(p2, found);
            }
            if (p3 >= outFrom) {
                report(p3, found);
            }
        }
        run(text, b3 + q, n, p3, found); // the last segment's remainder (n not a multiple of 4)
        tail(text, b3, n, p2, found);
        tail(text, b2, n, p1, found);
        tail(text, b1, n, p0, found);
    }

    /** One automaton over {@code [from, to)} from state {@code p}. */
    private void run(String text, int from, int to, int p, long[] found) {
        int[] d = delta;
        int outFrom = firstOut * classes;
        for (int i = from; i < to; i++) {
            p = d[p + classOf(text.charAt(i))];
            if (p >= outFrom) {
                report(p, found);
            }
        }
    }

    /**
     * Reads on from {@code next} (where the next segment's automaton started at the root) in state {@code p}
     * while the state is deeper than what was read since {@code next}: until then this automaton may be inside an
     * occurrence that began before {@code next}. Then both are in the same state (the longest suffix of what was
     * read that is a trie node fits inside the next segment, so the next automaton has it too) and find the same
     * things from there on.
     */
    private void tail(String text, int next, int to, int p, long[] found) {
        int[] d = delta;
        int outFrom = firstOut * classes;
        for (int i = next; i < to && depth[p / classes] > i - next; i++) {
            p = d[p + classOf(text.charAt(i))];
            if (p >= outFrom) {
                report(p, found);
            }
        }
    }
}
