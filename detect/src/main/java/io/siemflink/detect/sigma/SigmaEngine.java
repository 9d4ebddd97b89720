package io.siemflink.detect.sigma;

import io.siemflink.detect.EventDetector;
import io.siemflink.detect.Finding;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Runs Sigma rules over single events: one {@link Finding} per rule that matches.
 *
 * <p>Rules are grouped by log family, so an event meets only the rules of its logsource. Within a family a rule
 * whose condition pins a prefilter field (CloudTrail {@code event.action} / {@code event.provider}) to a few
 * values is filed under those values: an event is tested only against the rules filed under its own value plus
 * the rules that pin nothing. That is an index, not a change in meaning: a rule only ever skips events its
 * condition would reject.
 *
 * <p>Stateless and thread-safe once built.
 */
public final class SigmaEngine implements EventDetector {
    private static final SigmaRule[] NONE = new SigmaRule[0];
    /** Below this many substring literals in a family, one search per literal is as cheap as a scanner pass. */
    static final int SCANNER_MIN_LITERALS = 16;

    private final List<SigmaRule> rules;
    private final FamilyIndex[] families = new FamilyIndex[LogType.values().length];
    private final LongSupplier clock;
    private final AtomicLong errors = new AtomicLong();

    public SigmaEngine(List<SigmaRule> rules) {
        this(rules, System::currentTimeMillis);
    }

    /** @param clock finding time for events without any time field (as their documents use processing time) */
    public SigmaEngine(List<SigmaRule> rules, LongSupplier clock) {
        this.rules = List.copyOf(rules);
        this.clock = clock;
        Map<LogType, List<SigmaRule>> byFamily = new LinkedHashMap<>();
        for (SigmaRule r : this.rules) {
            byFamily.computeIfAbsent(r.family(), k -> new ArrayList<>()).add(r);
        }
        byFamily.forEach((type, list) -> families[type.ordinal()] = new FamilyIndex(list));
    }

    /** The engine over the rules shipped with this module. */
    public static SigmaEngine bundled() {
        return new SigmaEngine(SigmaLoader.withDefaultMapping().loadBundled().rules());
    }

    public List<SigmaRule> rules() {
        return rules;
    }

    /** Rule evaluations that threw (counted as no match); should stay 0. */
    public long evaluationErrors() {
        return errors.get();
    }

    /** How many rules an event of this family with these prefilter values is tested against (for tests). */
    int candidates(Event event) {
        FamilyIndex ix = families[event.type().ordinal()];
        if (ix == null) {
            return 0;
        }
        int n = ix.unindexed.length;
        for (int i = 0; i < ix.fields.length; i++) {
            n += ix.lookup(i, event).length;
        }
        return n;
    }

    @Override
    public void evaluate(Event event, Consumer<Finding> out) {
        FamilyIndex ix = families[event.type().ordinal()];
        if (ix == null) {
            return;
        }
        EvalContext ctx = null;
        for (SigmaRule r : ix.unindexed) {
            ctx = ctx != null ? ctx : new EvalContext(event, ix.scanner);
            test(r, ctx, out);
        }
        for (int i = 0; i < ix.fields.length; i++) {
            SigmaRule[] hit = ix.lookup(i, event);
            for (SigmaRule r : hit) {
                ctx = ctx != null ? ctx : new EvalContext(event, ix.scanner);
                test(r, ctx, out);
            }
        }
    }

    private void test(SigmaRule r, EvalContext ctx, Consumer<Finding> out) {
        boolean match;
        try {
            match = r.matches(ctx);
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            return;
        }
        if (match) {
            out.accept(SigmaFindings.finding(r, ctx.event(), clock));
        }
    }

    private static final class FamilyIndex {
        final Field[] fields;
        /** Per prefilter field: lower-cased value -> rules. */
        final PinTable[] byValue;
        final SigmaRule[] unindexed;
        final SubstringScanner scanner;

        FamilyIndex(List<SigmaRule> rules) {
            java.util.Set<String> literals = new java.util.LinkedHashSet<>();
            rules.forEach(r -> literals.addAll(r.substringLiterals()));
            literals.remove("");
            SubstringScanner sc = null;
            if (literals.size() >= SCANNER_MIN_LITERALS) {
                try {
                    sc = new SubstringScanner(new ArrayList<>(literals));
                } catch (IllegalArgumentException e) {
                    sc = null; // too many distinct characters for its tables: one search per literal instead
                }
            }
            this.scanner = sc;
            FieldMapping.Family mapping = rules.get(0).familyMapping();
            this.fields = mapping.prefilter().toArray(new Field[0]);
            List<Map<String, List<SigmaRule>>> build = new ArrayList<>();
            for (int i = 0; i < fields.length; i++) {
                build.add(new HashMap<>());
            }
            List<SigmaRule> rest = new ArrayList<>();
            for (SigmaRule r : rules) {
                boolean filed = false;
                for (int i = 0; i < fields.length && !filed; i++) {
                    Set<String> pins = r.pins(fields[i]);
                    if (pins != null) {
                        for (String v : pins) {
                            build.get(i).computeIfAbsent(v, k -> new ArrayList<>()).add(r);
                        }
                        filed = true;
                    }
                }
                if (!filed) {
                    rest.add(r);
                }
            }
            byValue = new PinTable[fields.length];
            for (int i = 0; i < fields.length; i++) {
                Map<String, SigmaRule[]> frozen = new HashMap<>();
                build.get(i).forEach((k, v) -> frozen.put(k, v.toArray(NONE)));
                byValue[i] = new PinTable(frozen);
            }
            this.unindexed = rest.toArray(NONE);
        }

        SigmaRule[] lookup(int i, Event event) {
            PinTable t = byValue[i];
            if (t.isEmpty()) {
                return NONE;
            }
            Object v = event.get(fields[i]);
            if (v == null) {
                return NONE;
            }
            SigmaRule[] hit = t.get(ValueMatcher.text(v));
            return hit == null ? NONE : hit;
        }
    }

    /**
     * Lower-cased pinned values -> rules, looked up with the event's value as it is: ASCII values are hashed and
     * compared folding A-Z on the fly, which is what lower-casing them would give, without a lower-cased copy per
     * event ({@code GET}, {@code ConsoleLogin}). Other values are lower-cased (Locale.ROOT) and looked up as such.
     */
    static final class PinTable {
        private final Map<String, SigmaRule[]> lower;
        private final String[] keys;
        private final SigmaRule[][] values;
        private final int mask;

        PinTable(Map<String, SigmaRule[]> lower) {
            this.lower = Map.copyOf(lower);
            int cap = Integer.highestOneBit(Math.max(4, lower.size() * 4 - 1)); // at most half full
            keys = new String[cap];
            values = new SigmaRule[cap][];
            mask = cap - 1;
            lower.forEach((k, v) -> {
                int i = spread(k.hashCode()) & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                values[i] = v;
            });
        }

        boolean isEmpty() {
            return lower.isEmpty();
        }

        SigmaRule[] get(String v) {
            int n = v.length();
            int h = 0;
            for (int i = 0; i < n; i++) {
                char c = v.charAt(i);
                if (c >= 128) {
                    return lower.get(v.toLowerCase(Locale.ROOT));
                }
                h = 31 * h + (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c); // String.hashCode of the lower-cased value
            }
            for (int i = spread(h) & mask; keys[i] != null; i = (i + 1) & mask) {
                if (keys[i].length() == n && foldedEquals(keys[i], v)) {
                    return values[i];
                }
            }
            return null;
        }

        private static int spread(int h) {
            return h ^ (h >>> 16);
        }

        /** {@code v} (ASCII) lower-cased equals {@code key}. */
        private static boolean foldedEquals(String key, String v) {
            for (int i = 0, n = v.length(); i < n; i++) {
                char c = v.charAt(i);
                if (c >= 'A' && c <= 'Z') {
                    c += 'a' - 'A';
                }
                if (c != key.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }
}
