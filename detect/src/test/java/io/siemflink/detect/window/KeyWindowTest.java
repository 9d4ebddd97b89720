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
}
