package io.siemflink.pipeline.job;

import io.siemflink.pipeline.model.ParseOutput;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Test-only operator after the source (parallelism 1): counts outputs (static, so counts survive the restart in this
 * JVM), notes how many had passed at each checkpoint, slows down after {@link #slowFrom} outputs until a checkpoint
 * past that point completed, then throws once, {@link #PAST_CHECKPOINT} outputs after that checkpoint's position.
 */
final class FailOnce extends RichMapFunction<ParseOutput, ParseOutput> implements CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 1L;
    static final long PAST_CHECKPOINT = 200;
    static final AtomicLong SEEN = new AtomicLong();
    static final Map<Long, Long> SEEN_AT_CHECKPOINT = new ConcurrentHashMap<>();
    static volatile long lastCompleted = -1;
    static volatile long failedAt = -1;
    static volatile long lastCompletedAtFailure = -1;
    static volatile long slowFrom;
    static volatile long failAt = -1;
    /** Runs once, just before the injected failure. */
    static volatile Runnable beforeFailure = () -> { };

    static void reset(long slowFromOutput) {
        SEEN.set(0);
        SEEN_AT_CHECKPOINT.clear();
        lastCompleted = -1;
        failedAt = -1;
        lastCompletedAtFailure = -1;
        failAt = -1;
        beforeFailure = () -> { };
        slowFrom = slowFromOutput;
    }

    @Override
    public ParseOutput map(ParseOutput o) {
        long n = SEEN.incrementAndGet();
        if (failedAt < 0 && n > slowFrom) {
            if (failAt < 0) {
                long checkpointed = lastCompleted;
                if (checkpointed > slowFrom + 100) {
                    failAt = checkpointed + PAST_CHECKPOINT; // armed: a checkpoint inside the large object completed
                } else {
                    LockSupport.parkNanos(2_000_000); // give a checkpoint time to complete inside the large object
                }
            }
            if (failAt > 0 && n >= failAt) {
                failedAt = n;
                lastCompletedAtFailure = lastCompleted;
                beforeFailure.run();
                throw new IllegalStateException("injected failure at output " + n + " (checkpoint at " + lastCompleted + ")");
            }
        }
        return o;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        SEEN_AT_CHECKPOINT.put(context.getCheckpointId(), SEEN.get());
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Long n = SEEN_AT_CHECKPOINT.get(checkpointId);
        if (n != null && failedAt < 0) {
            lastCompleted = Math.max(lastCompleted, n);
        }
    }
}
