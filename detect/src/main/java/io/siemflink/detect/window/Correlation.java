package io.siemflink.detect.window;

import io.siemflink.detect.Finding;
import io.siemflink.detect.Ruleset;
import java.util.function.Consumer;

/**
 * Turns findings into signals for the cross-source rule, one per entity a finding is about: its entity when
 * that is an address or a user, else (per-event Sigma findings) each related address and user. Keys are
 * {@code ip:<address>} or {@code user:<name>}; the value is the log family, so the rule counts families.
 */
public final class Correlation {
    private Correlation() {
    }

    public static void signals(Finding f, Consumer<Signal> out) {
        if (Ruleset.CORRELATION.id().equals(f.ruleset) || f.family == null) {
            return;
        }
        if ("ip".equals(f.entityType) || "user".equals(f.entityType)) {
            out.accept(signal(f, f.entityType, f.entity));
        } else if (f.entityType == null) {
            for (String ip : f.relatedIps) {
                out.accept(signal(f, "ip", ip));
            }
            for (String user : f.relatedUsers) {
                out.accept(signal(f, "user", user));
            }
        }
    }

    private static Signal signal(Finding f, String type, String entity) {
        Signal s = new Signal(BuiltinRules.CORRELATION, type + ':' + entity, f.end, f.id);
        s.value = f.family;
        s.severity = f.severity;
        s.account = f.account;
        if ("ip".equals(type)) {
            s.ip = entity;
        } else {
            s.user = entity;
        }
        return s;
    }
}
