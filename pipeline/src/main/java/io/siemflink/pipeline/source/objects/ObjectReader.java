package io.siemflink.pipeline.source.objects;

import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.Dispatcher;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Parsers;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.Timestamp;
import io.siemflink.pipeline.job.MetricsExport;
import io.siemflink.pipeline.model.ParseOutput;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one object at a time: a worker thread streams and parses it (bounded memory for any object size) and
 * hands outputs over through a bounded queue; the task thread emits them and counts them, so a checkpoint records
 * exactly how many outputs of the current object went downstream. A restored split re-reads its object and drops
 * that many outputs first: no loss, no duplicate.
 *
 * <p>A read error (network) is retried from where it stopped; a missing or changed object becomes a dead letter;
 * after {@link #MAX_ATTEMPTS} failed attempts the task fails and Flink restarts it from the last checkpoint.
 */
final class ObjectReader implements SourceReader<ParseOutput, ObjectSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectReader.class);
    static final int MAX_ATTEMPTS = 5;
    private static final int HANDOVER_CAPACITY = 4096;

    /** End of an object. */
    private static final Object DONE = new Object();

    private record Failed(IOException error) {
    }

    private final SourceReaderContext context;
    private final ObjectStore store;
    private final Parsers parsers;
    private final long maxObjectBytes;

    private final ArrayDeque<ObjectSplit> queued = new ArrayDeque<>();
    private final BlockingQueue<Object> handover = new ArrayBlockingQueue<>(HANDOVER_CAPACITY);
    private final Object lock = new Object();
    private CompletableFuture<Void> available = new CompletableFuture<>();

    private ObjectSplit current;
    private long emitted;
    private int attempts;
    private Thread worker;
    private boolean requested;
    private boolean noMoreSplits;

    private final Counter objectsRead;
    private final Counter objectsFailed;
    private volatile long lastEventMillis = -1;
    private volatile long currentObjectModified = -1;

    ObjectReader(SourceReaderContext context, ObjectStore store, ParserOptions options, long maxObjectBytes,
                 MetricsExport export) {
        this.context = context;
        this.store = store;
        this.parsers = new Parsers(options);
        this.maxObjectBytes = maxObjectBytes;
        MetricsExport.Registrar metrics = export.on(context.metricGroup());
        objectsRead = metrics.counter("objectsRead");
        objectsFailed = metrics.counter("objectReadRetries");
        // Source lag: how old the newest emitted event is, and how long ago the object being read was written.
        metrics.gauge("eventTimeLagMs", (Gauge<Long>) () -> lastEventMillis < 0 ? 0L : System.currentTimeMillis() - lastEventMillis);
        metrics.gauge("objectLagMs", (Gauge<Long>) () -> currentObjectModified <= 0 ? 0L
                : System.currentTimeMillis() - currentObjectModified);
        metrics.gauge("pendingObjects", (Gauge<Integer>) () -> queued.size() + (current == null ? 0 : 1));
    }

    @Override
    public void start() {
        requestSplit();
    }

    private void requestSplit() {
        if (!requested && !noMoreSplits) {
            requested = true;
            context.sendSplitRequest();
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<ParseOutput> output) throws Exception {
        if (current == null) {
            if (queued.isEmpty()) {
                if (noMoreSplits) {
                    return InputStatus.END_OF_INPUT;
                }
                requestSplit();
                resetAvailability();
                return queued.isEmpty() ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
            }
            begin(queued.poll());
        }
        Object item = handover.poll();
        if (item == null) {
            resetAvailability();
            return handover.isEmpty() ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
        }
        if (item instanceof ParseOutput o) {
            // read before collect: with object reuse the chained operators get this very object
            Event e = o.event();
            Timestamp t = e != null ? e.timestamp() : null;
            if (t != null) {
                lastEventMillis = t.toEpochMilli();
            }
            output.collect(o);
            emitted++;
            return InputStatus.MORE_AVAILABLE;
        }
        if (item == DONE) {
            finish();
            return InputStatus.MORE_AVAILABLE;
        }
        IOException error = ((Failed) item).error();
        attempts++;
        objectsFailed.inc();
        if (attempts >= MAX_ATTEMPTS) {
            throw new IOException("giving up on " + store.uri(current.object()) + " after " + attempts + " attempts", error);
        }
        LOG.warn("reading {} failed after {} outputs (attempt {}); resuming", store.uri(current.object()), emitted, attempts, error);
        startWorker(current, emitted, attempts);
        return InputStatus.MORE_AVAILABLE;
    }

    private void begin(ObjectSplit split) {
        current = split;
        emitted = split.emitted();
        attempts = 0;
        currentObjectModified = split.object().lastModified();
        startWorker(split, emitted, 0);
    }

    private void finish() {
        objectsRead.inc();
        context.sendSourceEventToCoordinator(new SplitFinishedEvent(current.splitId(), current.notification()));
        current = null;
        worker = null;
        currentObjectModified = -1;
        if (queued.isEmpty()) {
            requestSplit();
        }
    }

    private void startWorker(ObjectSplit split, long skip, int attempt) {
        Thread t = new Thread(() -> read(split, skip, attempt), "object-reader-" + context.getIndexOfSubtask());
        t.setDaemon(true);
        worker = t;
        t.start();
    }

    /** Worker thread: parse the object and hand over every output after the first {@code skip}. */
    private void read(ObjectSplit split, long skip, int attempt) {
        try {
            if (attempt > 0) {
                Thread.sleep(Math.min(30_000L, 500L << attempt));
            }
            SourceRef ref = store.sourceRef(split.object());
            Dispatcher dispatcher = new Dispatcher(parsers, split.logType(), maxObjectBytes);
            Handover sink = new Handover(skip);
            try (InputStream in = store.open(split.object())) {
                dispatcher.parseObject(in, ref, sink);
            } catch (ObjectStore.ObjectUnavailableException e) {
                // Not subject to the skip: a restored or retried read whose object is gone or changed must say so,
                // although outputs of the object were emitted before (the rest of it cannot be read).
                put(ParseOutput.of(DeadLetter.of(split.logType(), "object_unavailable: " + e.getMessage(), new byte[0], 0, 0,
                        ref, -1, -1)));
            } catch (ReaderClosed e) {
                return; // the reader is closing: not a parser failure
            } catch (RuntimeException e) {
                // A parser bug must not stop the pipeline: the rest of this object is one dead letter.
                LOG.error("parser failure in {}", ref.name(), e);
                sink.deadLetter(DeadLetter.of(split.logType(), "parser_error: " + e, new byte[0], 0, 0, ref, -1, -1));
            }
            put(DONE);
        } catch (IOException e) {
            try {
                put(new Failed(e));
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void put(Object item) throws InterruptedException {
        handover.put(item);
        synchronized (lock) {
            available.complete(null);
        }
    }

    /** Drops the outputs a checkpoint already accounted for, hands over the rest. */
    private final class Handover implements ParseSink {
        private long toSkip;

        Handover(long skip) {
            this.toSkip = skip;
        }

        private void offer(ParseOutput o) {
            if (toSkip > 0) {
                toSkip--;
                return;
            }
            try {
                put(o);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ReaderClosed();
            }
        }

        @Override
        public void event(Event event) {
            offer(ParseOutput.of(event));
        }

        @Override
        public void deadLetter(DeadLetter d) {
            offer(ParseOutput.of(d));
        }

        @Override
        public void skipped(Skip s) {
            offer(ParseOutput.of(s));
        }
    }

    /** Unwinds the parser when the reader closes while the worker waits to hand over. */
    private static final class ReaderClosed extends RuntimeException {
        ReaderClosed() {
            super(null, null, false, false);
        }
    }

    private void resetAvailability() {
        synchronized (lock) {
            if (available.isDone() && handover.isEmpty()) {
                available = new CompletableFuture<>();
            }
        }
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        synchronized (lock) {
            return available;
        }
    }

    @Override
    public List<ObjectSplit> snapshotState(long checkpointId) {
        List<ObjectSplit> state = new ArrayList<>(queued.size() + 1);
        if (current != null) {
            state.add(current.withEmitted(emitted));
        }
        state.addAll(queued);
        return state;
    }

    @Override
    public void addSplits(List<ObjectSplit> splits) {
        queued.addAll(splits);
        requested = false;
        synchronized (lock) {
            available.complete(null);
        }
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        synchronized (lock) {
            available.complete(null);
        }
    }

    @Override
    public void close() throws Exception {
        Thread t = worker;
        if (t != null) {
            t.interrupt();
            t.join(5000);
        }
    }
}
