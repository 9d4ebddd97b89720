package io.siemflink.detect.sigma;

import java.util.List;

/** One compiled Sigma value (after modifiers) tested against a field's value. */
abstract class ValueMatcher {
    /** Does a single present scalar match? */
    abstract boolean matches(Object value, EvalContext ctx);

    /** Does an absent field match? (only {@code null}, {@code ''} and {@code |exists: false} do) */
    boolean matchesAbsent() {
        return false;
    }

    /** A field value as the accessor returned it: absent, one scalar, or a list where any element may match. */
    final boolean test(Object value, EvalContext ctx) {
        if (value == null) {
            return matchesAbsent();
        }
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                return matchesAbsent();
            }
            for (int i = 0, n = list.size(); i < n; i++) {
                Object e = list.get(i);
                if (e != null && matches(e, ctx)) {
                    return true;
                }
            }
            return false;
        }
        return matches(value, ctx);
    }

    /** A field value as text, as Sigma compares it. */
    static String text(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Double d) {
            double x = d;
            if (x == Math.rint(x) && !Double.isInfinite(x) && Math.abs(x) < 1e15) {
                return Long.toString((long) x);
            }
            return Double.toString(x);
        }
        return v.toString(); // Long, Integer, Boolean ("true"/"false"), Timestamp (ISO), RawJson (JSON text)
    }

    /** Matches when any of the parts does (base64offset variants, windash variants). */
    static final class AnyOf extends ValueMatcher {
        private final ValueMatcher[] parts;

        AnyOf(ValueMatcher[] parts) {
            this.parts = parts;
        }

        @Override
        boolean matches(Object value, EvalContext ctx) {
            for (ValueMatcher m : parts) {
                if (m.matches(value, ctx)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        boolean matchesAbsent() {
            for (ValueMatcher m : parts) {
                if (m.matchesAbsent()) {
                    return true;
                }
            }
            return false;
        }
    }
}
