package io.siemflink.pipeline.source.objects;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds objects (via {@link Discovery}) and hands one split at a time to readers that ask, so a slow object
 * never holds up the others. Notifications are acknowledged only after the checkpoint that follows the end of
 * their object completes: by then every record of the object is in OpenSearch (the sink flushes on checkpoint).
 */
final class ObjectEnumerator implements SplitEnumerator<ObjectSplit, EnumState> {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectEnumerator.class);

    private final SplitEnumeratorContext<ObjectSplit> context;
    private final Discovery discovery;
    private final ArrayDeque<ObjectSplit> pending = new ArrayDeque<>();
    private final Set<Integer> waiting = new LinkedHashSet<>();
    /** Split ids handed out or queued, so a duplicate notification of an object in flight is not read twice. */
    private final Set<String> known = new HashSet<>();
    private Serializable discoveryState;
    private boolean exhausted;
    private boolean discovering;
    private final List<String> finishedSinceSnapshot = new ArrayList<>();
    private final TreeMap<Long, List<String>> awaitingAck = new TreeMap<>();
    private final List<String> restoredUnacked = new ArrayList<>();
    /** Notifications of the splits this enumerator handed to a reader that has not finished them, by split id. */
    private final Map<String, String> reading = new HashMap<>();

    ObjectEnumerator(SplitEnumeratorContext<ObjectSplit> context, Discovery discovery, EnumState restored) {
        this.context = context;
        this.discovery = discovery;
        if (restored != null) {
            for (ObjectSplit s : restored.pending()) {
                pending.add(s);
                known.add(s.splitId());
            }
            discoveryState = restored.discovery();
            exhausted = restored.exhausted();
            restoredUnacked.addAll(restored.unacknowledged());
        } else {
            discoveryState = discovery.initialState();
        }
    }

    @Override
    public void start() {
        long period = Math.max(1, discovery.interval().toMillis());
        // A cheap tick on the coordinator thread starts one discovery at a time off it.
        context.callAsync(() -> null, (ignored, error) -> maybeDiscover(), 0, period);
    }

    /**
     * Objects queued per reader before discovery pauses: a queue's messages are received only as fast as they are
     * read (each queued object is also in every checkpoint of the enumerator), and a prefix listing waits too.
     */
    static final int QUEUED_PER_READER = 16;

    private void maybeDiscover() {
        if (discovering || (exhausted && !discovery.continuous())) {
            return;
        }
        discovering = true;
        List<String> live = liveNotifications();
        if (pending.size() >= QUEUED_PER_READER * Math.max(1, context.currentParallelism())) {
            context.callAsync(() -> {
                discovery.maintain(live);
                return null;
            }, (ignored, error) -> {
                discovering = false;
                if (error != null) {
                    LOG.warn("object discovery upkeep failed", error);
                }
            });
            return;
        }
        Serializable state = discoveryState;
        context.callAsync(() -> {
            discovery.maintain(live);
            return discovery.discover(state);
        }, this::onFound);
    }

    /**
     * Every notification whose message must not come back yet: its objects are queued, being read, or read and
     * waiting for the checkpoint that acknowledges them.
     */
    private List<String> liveNotifications() {
        List<String> live = new ArrayList<>(restoredUnacked);
        for (ObjectSplit s : pending) {
            if (s.notification() != null) {
                live.add(s.notification());
            }
        }
        live.addAll(reading.values());
        live.addAll(finishedSinceSnapshot);
        awaitingAck.values().forEach(live::addAll);
        return live;
    }

    private void onFound(Discovery.Found found, Throwable error) {
        discovering = false;
        if (error != null) {
            LOG.warn("object discovery failed; retrying in {} ms", discovery.interval().toMillis(), error);
            return;
        }
        int added = 0;
        for (ObjectSplit s : found.splits()) {
            if (known.add(s.splitId())) {
                pending.add(s);
                added++;
            } else if (s.notification() != null) {
                // Already queued or being read: this notification is a duplicate, acknowledge it with the original.
                finishedSinceSnapshot.add(s.notification());
            }
        }
        if (added > 0) {
            LOG.info("discovered {} new objects ({} pending)", added, pending.size());
        }
        discoveryState = found.nextState();
        exhausted = found.exhausted();
        assign();
    }

    private void assign() {
        Iterator<Integer> it = waiting.iterator();
        while (it.hasNext()) {
            int reader = it.next();
            if (!context.registeredReaders().containsKey(reader)) {
                it.remove();
            } else if (!pending.isEmpty()) {
                ObjectSplit split = pending.poll();
                if (split.notification() != null) {
                    reading.put(split.splitId(), split.notification());
                }
                context.assignSplit(split, reader);
                it.remove();
            } else if (exhausted && !discovery.continuous()) {
                context.signalNoMoreSplits(reader);
                it.remove();
            }
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        waiting.add(subtaskId);
        assign();
    }

    @Override
    public void addSplitsBack(List<ObjectSplit> splits, int subtaskId) {
        // Splits of a failed reader since the last checkpoint: read them again, first.
        for (int i = splits.size() - 1; i >= 0; i--) {
            pending.addFirst(splits.get(i));
            known.add(splits.get(i).splitId());
            reading.remove(splits.get(i).splitId());
        }
        assign();
    }

    @Override
    public void addReader(int subtaskId) {
        // Readers ask for splits themselves.
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent event) {
        if (event instanceof SplitFinishedEvent f) {
            known.remove(f.splitId());
            reading.remove(f.splitId());
            if (f.notification() != null) {
                finishedSinceSnapshot.add(f.notification());
            }
        }
    }

    @Override
    public EnumState snapshotState(long checkpointId) {
        if (!finishedSinceSnapshot.isEmpty()) {
            awaitingAck.computeIfAbsent(checkpointId, k -> new ArrayList<>()).addAll(finishedSinceSnapshot);
            finishedSinceSnapshot.clear();
        }
        List<String> unacked = new ArrayList<>(restoredUnacked);
        awaitingAck.values().forEach(unacked::addAll);
        return new EnumState(new ArrayList<>(pending), discoveryState, exhausted, unacked);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        List<String> ack = new ArrayList<>(restoredUnacked);
        restoredUnacked.clear();
        Map<Long, List<String>> done = awaitingAck.headMap(checkpointId, true);
        done.values().forEach(ack::addAll);
        done.clear();
        if (!ack.isEmpty()) {
            context.callAsync(() -> {
                discovery.acknowledge(ack);
                return ack.size();
            }, (n, error) -> {
                if (error != null) {
                    // The messages reappear after their visibility timeout; re-reading them is harmless (same ids).
                    LOG.warn("could not acknowledge {} notifications", ack.size(), error);
                }
            });
        }
    }

    @Override
    public void close() {
    }
}
