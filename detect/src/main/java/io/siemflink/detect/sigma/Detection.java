package io.siemflink.detect.sigma;

import io.siemflink.parsers.event.Field;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One search identifier of a rule's {@code detection}: a list of alternatives (a YAML list of maps, or of
 * keywords), each an AND of field items.
 */
final class Detection {
    private final String name;
    private final Item[][] alternatives;

    Detection(String name, List<List<Item>> alternatives) {
        this.name = name;
        this.alternatives = new Item[alternatives.size()][];
        for (int i = 0; i < alternatives.size(); i++) {
            this.alternatives[i] = alternatives.get(i).toArray(new Item[0]);
        }
    }

    String name() {
        return name;
    }

    boolean matches(EvalContext ctx) {
        for (Item[] group : alternatives) {
            boolean all = true;
            for (Item item : group) {
                if (!item.matches(ctx)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** Lower-cased values {@code f} must have for this to match, or null when any value might. */
    Set<String> pins(Field f) {
        Set<String> out = new HashSet<>();
        for (Item[] group : alternatives) {
            Set<String> g = null;
            for (Item item : group) {
                g = item.pins(f);
                if (g != null) {
                    break;
                }
            }
            if (g == null) {
                return null;
            }
            out.addAll(g);
        }
        return out.isEmpty() ? null : out;
    }

    /** One field with its values: any value matches, or all of them with {@code |all}. */
    static final class Item {
        private final Accessor accessor;
        private final ValueMatcher[] values;
        private final boolean all;
        /** What is tested: {@link #values}, with a list of integer literals as one {@link Matchers.NumberSet}. */
        private final ValueMatcher[] tested;

        /** Ids of the values that are case-insensitive substring literals, tested in one go on a scan. */
        private final long[] mask;
        /** The other values, tested one by one. */
        private final ValueMatcher[] rest;
        /** Whether the last scanner met knows every literal of {@link #mask} (asked once, not per event). */
        private Coverage coverage;

        /** Immutable, so that publishing it through a plain field is safe between threads. */
        private record Coverage(SubstringScanner scanner, boolean all) {
        }

        Item(Accessor accessor, List<ValueMatcher> values, boolean all) {
            this.accessor = accessor;
            this.values = values.toArray(new ValueMatcher[0]);
            this.all = all;
            this.tested = all ? this.values : numberSet(this.values);
            long[] m = null;
            List<ValueMatcher> others = new java.util.ArrayList<>();
            for (ValueMatcher vm : this.values) {
                if (!(vm instanceof StringMatcher sm) || sm.literalId() < 0) {
                    others.add(vm);
                    continue;
                }
                int id = sm.literalId();
                if (m == null || m.length <= id >>> 6) {
                    m = m == null ? new long[(id >>> 6) + 1] : java.util.Arrays.copyOf(m, (id >>> 6) + 1);
                }
                m[id >>> 6] |= 1L << id;
            }
            this.mask = m;
            this.rest = others.toArray(new ValueMatcher[0]);
        }

        boolean matches(EvalContext ctx) {
            Object v = accessor.get(ctx);
            if (mask != null && v instanceof String s && covered(ctx.scanner())) {
                long[] found = ctx.scanFor(s, mask);
                boolean literals = all;
                for (int i = 0; i < mask.length; i++) {
                    long hit = found[i] & mask[i];
                    if (all ? hit != mask[i] : hit != 0) {
                        literals = !all;
                        break;
                    }
                }
                if (literals != all || rest.length == 0) {
                    return literals; // decided by the literals: any hit, or with |all a miss
                }
                for (ValueMatcher m : rest) {
                    if (m.test(v, ctx) != all) {
                        return !all;
                    }
                }
                return all;
            }
            if (all) {
                for (ValueMatcher m : values) {
                    if (!m.test(v, ctx)) {
                        return false;
                    }
                }
                return true;
            }
            for (ValueMatcher m : tested) {
                if (m.test(v, ctx)) {
                    return true;
                }
            }
            return false;
        }

        /** Any of {@code values}, with their integer literals (when there are enough) as one set. */
        private static ValueMatcher[] numberSet(ValueMatcher[] values) {
            List<StringMatcher> numbers = new java.util.ArrayList<>();
            List<ValueMatcher> others = new java.util.ArrayList<>();
            for (ValueMatcher m : values) {
                if (m instanceof StringMatcher s && s.isExactNumber()) {
                    numbers.add(s);
                } else {
                    others.add(m);
                }
            }
            if (numbers.size() < Matchers.NumberSet.MIN_VALUES) {
                return values;
            }
            others.add(0, new Matchers.NumberSet(numbers));
            return others.toArray(new ValueMatcher[0]);
        }

        private boolean covered(SubstringScanner scanner) {
            Coverage c = coverage;
            if (c == null || c.scanner() != scanner) {
                c = new Coverage(scanner, scanner != null && scanner.coversAll(mask));
                coverage = c;
            }
            return c.all();
        }

        Set<String> pins(Field f) {
            if (accessor.field() != f) {
                return null;
            }
            Set<String> out = new HashSet<>();
            for (ValueMatcher m : values) {
                if (!(m instanceof StringMatcher s) || s.exactLiteral() == null || s.matchesAbsent()) {
                    if (all) {
                        continue; // the other values still pin
                    }
                    return null;
                }
                out.add(s.exactLiteral().toLowerCase(Locale.ROOT));
            }
            return out.isEmpty() ? null : out;
        }
    }
}
