package io.siemflink.detect.window;

/**
 * The windowed state of one key: a {@link KeyWindow} for a single rule's entity, a {@link GroupWindow} for a
 * {@link SignalGroup}'s. {@link WindowEvaluator#newState} makes the kind a key needs and {@link
 * WindowEvaluator#onSignal(EntityState, Signal, java.util.function.Consumer)} evaluates either, so the batch runner,
 * the Flink operator and the benchmark need not tell them apart.
 */
public interface EntityState {
    /** The latest signal time evaluated, to know when the state can be dropped. */
    long lastTime();
}
