package io.siemflink.detect.window;

import io.siemflink.detect.Finding;
import io.siemflink.detect.Ruleset;
import io.siemflink.detect.Severity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Applies windowed rules to the signals of one entity, which must arrive in {@link Signal#ORDER}: the Flink
 * operator buffers them until the watermark passes, the batch runner sorts them, so both give the same findings.
 * The window is {@code (t - window, t]} for a signal at {@code t}; once a rule fires for an entity it stays quiet
 * for one window length, so a long attack yields one finding per window rather than one per event.
 */
public final class WindowEvaluator {
    /** Findings list at most this many related addresses and users. */
    static final int MAX_RELATED = 100;

    private final Map<String, WindowRule> rules = new HashMap<>();
    /** Per group id, the members among the configured rules. */
    private final Map<String, SignalGroup.Member[]> groups = new HashMap<>();
    private final int maxEntries;
    private final java.util.function.ToLongFunction<String> retention = this::retentionMillis;

    /** Without groups: every rule's signals come on their own (as its extractor makes them). */
    public WindowEvaluator(List<WindowRule> rules, int maxEntries) {
        this(rules, List.of(), maxEntries);
    }

    /** @param groups the groups whose signals come instead of their members' (see {@link SignalExtraction}) */
    public WindowEvaluator(List<WindowRule> rules, List<SignalGroup> groups, int maxEntries) {
        for (WindowRule r : rules) {
            this.rules.put(r.id(), r);
        }
        for (SignalGroup g : groups) {
            this.groups.put(g.id(), g.members().stream().filter(m -> this.rules.containsKey(m.rule()))
                    .toArray(SignalGroup.Member[]::new));
        }
        this.maxEntries = maxEntries;
    }

    /** Whether the signals of {@code id} are a group's, evaluated with {@link #onSignal(GroupWindow, Signal, Consumer)}. */
    public boolean grouped(String id) {
        return groups.containsKey(id);
    }

    /** A new state for a key of {@code ruleOrGroup}: a group's state, or a single rule's window. */
    public EntityState newState(String ruleOrGroup) {
        return grouped(ruleOrGroup) ? new GroupWindow() : new KeyWindow();
    }

    /** A signal evaluated in its key's state, whichever kind {@link #newState} made for it. */
    public void onSignal(EntityState state, Signal s, Consumer<Finding> out) {
        if (state instanceof GroupWindow g) {
            onSignal(g, s, out);
        } else {
            onSignal((KeyWindow) state, s, out);
        }
    }

    public WindowRule rule(String id) {
        return rules.get(id);
    }

    /** How long after its last signal an entity's state can still matter (a group's: its longest member window). */
    public long retentionMillis(String ruleOrGroup) {
        SignalGroup.Member[] members = groups.get(ruleOrGroup);
        if (members != null) {
            long max = 0;
            for (SignalGroup.Member m : members) {
                max = Math.max(max, retentionMillis(m.rule()));
            }
            return max;
        }
        WindowRule r = rules.get(ruleOrGroup);
        return r == null ? 0 : r.window().toMillis();
    }

    /**
     * A group signal: each member it counts for gets its own signal, evaluated in that member's part of the
     * entity's state exactly as {@link #onSignal(KeyWindow, Signal, Consumer)} evaluates a member's signal alone.
     */
    public void onSignal(GroupWindow g, Signal s, Consumer<Finding> out) {
        SignalGroup.Member[] members = groups.get(s.rule);
        if (members == null) {
            return; // a group disabled since the signal was buffered
        }
        g.lastTime = Math.max(g.lastTime, s.time);
        for (SignalGroup.Member m : members) {
            if ((s.flags & m.flag()) != 0) {
                Signal own = m.derive().apply(s);
                onSignal(g.part(m.rule(), own.key), own, out);
            }
        }
        if (g.sweepDue(s.time)) {
            g.sweep(s.time, retention, retentionMillis(s.rule));
        }
    }

    public void onSignal(KeyWindow w, Signal s, Consumer<Finding> out) {
        WindowRule r = rules.get(s.rule);
        if (r == null) {
            return; // a rule disabled since the signal was buffered (restore with other settings)
        }
        long windowMs = r.window().toMillis();
        w.expire(s.time - windowMs + 1);
        w.lastTime = Math.max(w.lastTime, s.time);
        boolean quiet = s.time < w.suppressUntil;
        switch (r.kind()) {
            case FAILURES_THEN_SUCCESS -> {
                if (!s.success) {
                    w.add(s, maxEntries);
                } else if (w.size() >= r.threshold() && !quiet) {
                    fire(r, w, s, w.size() + 1, w.size(), out);
                }
            }
            case CORRELATION -> {
                w.add(s, maxEntries);
                if (!quiet) {
                    w.firedDistinct = 0;
                }
                int families = w.distinctValues();
                if (families >= r.threshold() && families > w.firedDistinct) {
                    w.firedDistinct = families;
                    fire(r, w, null, w.size(), families, out);
                }
            }
            case DISTINCT -> {
                w.add(s, maxEntries);
                long measure = w.distinctValues();
                if (measure >= r.threshold() && !quiet) {
                    fire(r, w, null, w.size(), measure, out);
                }
            }
            default -> { // COUNT, SUM: the number and amounts matter, not each signal
                w.addFolding(s, maxEntries, foldMillis(windowMs));
                long measure = r.kind() == WindowRule.Kind.SUM ? w.sum() : w.weight();
                if (measure >= r.threshold() && !quiet) {
                    fire(r, w, null, w.weight(), measure, out);
                }
            }
        }
    }

    /** See {@link KeyWindow#addFolding}: entries this far apart keep a window below {@code maxEntries}. */
    private long foldMillis(long windowMs) {
        long quarter = Math.max(1, maxEntries / 4);
        return Math.max(1, (windowMs + quarter - 1) / quarter);
    }

    /**
     * @param closing the success signal that completed a sequence, not held in the window; or null
     * @param measure the number that crossed the threshold, for the message
     */
    private static void fire(WindowRule r, KeyWindow w, Signal closing, long count, long measure, Consumer<Finding> out) {
        Signal last = closing != null ? closing : w.get(w.size() - 1);
        Finding.Builder b = Finding.builder(r.id(), r.kind() == WindowRule.Kind.CORRELATION ? Ruleset.CORRELATION : Ruleset.BUILTIN)
                .name(r.name()).description(r.description()).family(r.family())
                .techniques(r.techniques()).tactics(r.tactics())
                .count(count);
        if (r.kind() == WindowRule.Kind.CORRELATION) {
            int colon = last.key.indexOf(':');
            b.entity(last.key.substring(0, colon), last.key.substring(colon + 1));
        } else {
            // The entity is who acted (the scanning address), the key may be narrower (address and target).
            b.entity(r.entityType(), "ip".equals(r.entityType()) && last.ip != null ? last.ip : last.key);
        }
        Severity severity = r.severity();
        String account = null;
        boolean oneAccount = true;
        int related = 0;
        for (int i = 0; i < w.size(); i++) {
            Signal e = w.get(i);
            b.time(e.time);
            if (r.kind() == WindowRule.Kind.CORRELATION) {
                b.finding(e.ref);
                if (e.severity != null) {
                    severity = Severity.max(severity, Severity.valueOf(e.severity).raised());
                }
            } else {
                b.event(e.ref);
            }
            if (related++ < MAX_RELATED) {
                b.relatedIp(e.ip).relatedUser(e.user);
            }
            if (e.account != null) {
                oneAccount &= account == null || account.equals(e.account);
                account = e.account;
            }
        }
        if (closing != null) {
            b.time(closing.time).event(closing.ref).relatedIp(closing.ip).relatedUser(closing.user);
        }
        Signal first = w.get(0);
        String idKey = last.key + '|' + last.time + '|' + last.ref
                + (r.kind() == WindowRule.Kind.CORRELATION ? "|" + first.ref + '|' + measure : "");
        out.accept(b.severity(severity).account(oneAccount ? account : null)
                .message(r.name() + ": " + measure + ' ' + r.unit() + " for " + last.key + " within " + human(r.window()))
                .idKey(idKey).build());
        w.suppressUntil = last.time + r.window().toMillis();
    }

    static String human(java.time.Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + " ms";
        }
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + " h";
        }
        if (s % 60 == 0) {
            return s / 60 + " min";
        }
        return s + " s";
    }
}
