package io.siemflink.detect.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyWindowTest {
    /** The window against a plain deque through random adds and expiries, across the small-count limit and a capacity that is no power of two. */
    @Test
    void countsAndSumsAgreeWithAPlainDeque() {
        SplittableRandom r = new SplittableRandom(5);
        for (int maxEntries : new int[] {3, 10, 40, 1000}) {
            KeyWindow w = new KeyWindow();
            ArrayDeque<Signal> model = new ArrayDeque<>();
            long time = 0;
            for (int step = 0; step < 20_000; step++) {
                if (r.nextInt(4) > 0) {
                    Signal s = new Signal("rule", "key", time += r.nextInt(3), "ref" + step);
                    s.value = r.nextInt(8) == 0 ? null : "v" + r.nextInt(1 + r.nextInt(40));
                    s.amount = r.nextInt(1000);
                    w.add(s, maxEntries);
                    model.addLast(s);
                    if (model.size() > maxEntries) {
                        model.removeFirst();
                    }
                } else {
                    long min = time - r.nextInt(60);
                    w.expire(min);
                    while (!model.isEmpty() && model.peekFirst().time < min) {
                        model.removeFirst();
                    }
                }
                if (step % 7 == 0) {
                    Set<String> values = new HashSet<>();
                    long sum = 0;
                    for (Signal s : model) {
                        if (s.value != null) {
                            values.add(s.value);
                        }
                        sum += s.amount;
                    }
                    assertThat(w.size()).isEqualTo(model.size());
                    assertThat(w.distinctValues()).as("step %d, max %d", step, maxEntries).isEqualTo(values.size());
                    assertThat(w.sum()).isEqualTo(sum);
                    int i = 0;
                    for (Signal s : model) {
                        assertThat(Objects.equals(w.get(i++).ref, s.ref)).isTrue();
                    }
                }
            }
        }
    }

    /**
     * Folding keeps a count or sum window below its cap through bursts of any rate, and its measures between the
     * exact ones over the window and over the window shortened by the fold distance (folded signals leave early).
     */
    @Test
    void foldingNeverEvictsAndStaysWithinTheFoldDistanceOfExact() {
        SplittableRandom r = new SplittableRandom(11);
        long window = 60_000;
        for (int maxEntries : new int[] {16, 100, 1000}) {
            long fold = (window + maxEntries / 4 - 1) / (maxEntries / 4);
            KeyWindow w = new KeyWindow();
            ArrayDeque<Signal> all = new ArrayDeque<>(); // every signal, unfolded copies
            long time = 0;
            for (int step = 0; step < 50_000; step++) {
                // bursts (many signals per millisecond) and pauses (beyond the window)
                time += r.nextInt(100) == 0 ? r.nextInt(90_000) : r.nextInt(r.nextBoolean() ? 2 : 200);
                Signal s = new Signal("rule", "key", time, "ref" + step);
                s.amount = r.nextInt(1000);
                Signal copy = new Signal("rule", "key", time, s.ref);
                copy.amount = s.amount;
                w.expire(time - window + 1);
                w.addFolding(s, maxEntries, fold);
                all.addLast(copy);
                while (all.peekFirst().time < time - window + 1) {
                    all.removeFirst();
                }
                assertThat(w.evicted).isZero();
                assertThat(w.size()).isLessThan(maxEntries);
                if (step % 5 == 0) {
                    long count = 0;
                    long sum = 0;
                    long countLate = 0;
                    long sumLate = 0;
                    for (Signal x : all) {
                        count++;
                        sum += x.amount;
                        if (x.time >= time - window + 1 + fold) {
                            countLate++;
                            sumLate += x.amount;
                        }
                    }
                    assertThat(w.weight()).as("step %d, max %d", step, maxEntries).isBetween(countLate, count);
                    assertThat(w.sum()).isBetween(sumLate, sum);
                }
            }
        }
    }

    @Test
    void windowLengthsReadAsWritten() {
        assertThat(WindowEvaluator.human(java.time.Duration.ofMillis(500))).isEqualTo("500 ms");
        assertThat(WindowEvaluator.human(java.time.Duration.ofSeconds(90))).isEqualTo("90 s");
        assertThat(WindowEvaluator.human(java.time.Duration.ofMinutes(5))).isEqualTo("5 min");
        assertThat(WindowEvaluator.human(java.time.Duration.ofHours(1))).isEqualTo("1 h");
    }
}
