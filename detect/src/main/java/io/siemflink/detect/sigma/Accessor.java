package io.siemflink.detect.sigma;

/**
 * Where a Sigma field's value is in an event. {@link #get} returns null (absent), one scalar (String, Number,
 * Boolean, or anything whose {@code toString} is its text), or a {@link java.util.List} of scalars (any
 * element may match).
 */
interface Accessor {
    Object get(EvalContext ctx);

    /** The ECS field read, for the prefilter; null when the value is not one plain field. */
    default io.siemflink.parsers.event.Field field() {
        return null;
    }

    /** For messages: what is read. */
    String describe();
}
