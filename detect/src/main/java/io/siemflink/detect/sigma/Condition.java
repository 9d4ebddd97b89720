package io.siemflink.detect.sigma;

import io.siemflink.parsers.event.Field;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A rule's condition as a tree over its search identifiers. */
abstract class Condition {
    abstract boolean eval(EvalContext ctx);

    /** Lower-cased values {@code f} must have for the condition to hold, or null when it does not pin them. */
    abstract Set<String> pins(Field f);

    static final class Ref extends Condition {
        final Detection detection;

        Ref(Detection detection) {
            this.detection = detection;
        }

        @Override
        boolean eval(EvalContext ctx) {
            return detection.matches(ctx);
        }

        @Override
        Set<String> pins(Field f) {
            return detection.pins(f);
        }

        @Override
        public String toString() {
            return detection.name();
        }
    }

    static final class And extends Condition {
        final Condition[] parts;

        And(List<Condition> parts) {
            this.parts = parts.toArray(new Condition[0]);
        }

        @Override
        boolean eval(EvalContext ctx) {
            for (Condition c : parts) {
                if (!c.eval(ctx)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        Set<String> pins(Field f) {
            Set<String> best = null;
            for (Condition c : parts) {
                Set<String> p = c.pins(f);
                if (p != null && (best == null || p.size() < best.size())) {
                    best = p;
                }
            }
            return best;
        }

        @Override
        public String toString() {
            return "and" + java.util.Arrays.toString(parts);
        }
    }

    static final class Or extends Condition {
        final Condition[] parts;

        Or(List<Condition> parts) {
            this.parts = parts.toArray(new Condition[0]);
        }

        @Override
        boolean eval(EvalContext ctx) {
            for (Condition c : parts) {
                if (c.eval(ctx)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        Set<String> pins(Field f) {
            Set<String> out = new HashSet<>();
            for (Condition c : parts) {
                Set<String> p = c.pins(f);
                if (p == null) {
                    return null;
                }
                out.addAll(p);
            }
            return out;
        }

        @Override
        public String toString() {
            return "or" + java.util.Arrays.toString(parts);
        }
    }

    static final class Not extends Condition {
        final Condition inner;

        Not(Condition inner) {
            this.inner = inner;
        }

        @Override
        boolean eval(EvalContext ctx) {
            return !inner.eval(ctx);
        }

        @Override
        Set<String> pins(Field f) {
            return null;
        }

        @Override
        public String toString() {
            return "not(" + inner + ")";
        }
    }
}
