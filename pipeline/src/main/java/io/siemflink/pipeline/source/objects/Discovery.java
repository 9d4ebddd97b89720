package io.siemflink.pipeline.source.objects;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * How the enumerator finds objects: a prefix scan (once, or repeatedly) or S3 event notifications from a queue.
 * {@link #discover} runs off the coordinator thread on an immutable state and returns the next state, so the
 * enumerator applies results on its own thread without locks.
 */
public interface Discovery extends Serializable {
    /** What one discovery round found. */
    record Found(List<ObjectSplit> splits, Serializable nextState, boolean exhausted) {
    }

    /** The state before the first round. */
    Serializable initialState();

    Found discover(Serializable state) throws Exception;

    /** True when discovery goes on forever (continuous scan, notifications); false for a one-time scan. */
    boolean continuous();

    /** Pause between rounds. */
    Duration interval();

    /**
     * Runs each round on the discovery thread, before {@link #discover} or instead of it when the enumerator has
     * enough objects queued: keeps up what must not lapse meanwhile (the invisibility of received messages).
     *
     * @param live the notifications of every object queued, being read or awaiting its acknowledgement (restored
     *             ones included); anything else no longer needs upkeep
     */
    default void maintain(Collection<String> live) throws Exception {
    }

    /** Confirms that the objects announced by these notifications are fully processed and checkpointed. */
    default void acknowledge(List<String> notifications) throws Exception {
    }
}
