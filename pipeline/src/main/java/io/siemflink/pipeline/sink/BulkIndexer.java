package io.siemflink.pipeline.sink;

import io.siemflink.pipeline.opensearch.OpenSearchClient;
import io.siemflink.pipeline.opensearch.OpenSearchClient.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk indexing with at-least-once semantics, independent of Flink: documents are buffered and sent in bulk
 * requests (several in flight); requests that fail as a whole (connection refused, 429, 5xx) are retried with
 * backoff for as long as it takes; only the failed items of a partly failed request are retried; items that can
 * never succeed (mapping errors, too large) become dead-letter documents. {@link #flush()} returns only when
 * everything handed over is acknowledged.
 *
 * <p>Not thread-safe: one writer thread calls it; HTTP completions are only collected, never handled, on other
 * threads.
 */
public final class BulkIndexer {
    private static final Logger LOG = LoggerFactory.getLogger(BulkIndexer.class);

    /** What the indexer reports, for metrics. */
    public interface Listener {
        default void indexed(int documents, int deadLetterDocuments) {
        }

        default void deadLettered(int documents) {
        }

        default void retried(int documents) {
        }

        default void requestFailed() {
        }

        default void bulkLatency(long millis) {
        }

        /** A dead-letter document itself could not be indexed: logged and counted, the only loss possible. */
        default void deadLetterLost(IndexAction action, String reason) {
        }
    }

    private static final class Pending {
        final IndexAction action;
        int attempts;

        Pending(IndexAction action) {
            this.action = action;
        }
    }

    private static final class InFlight {
        final List<Pending> batch;
        final CompletableFuture<Response> future;
        final int attempt;
        final long started;

        InFlight(List<Pending> batch, CompletableFuture<Response> future, int attempt) {
            this.batch = batch;
            this.future = future;
            this.attempt = attempt;
            this.started = System.nanoTime();
        }
    }

    private final OpenSearchClient client;
    private final BulkSettings settings;
    private final DeadLetterDocs deadLetters;
    private final Listener listener;

    private List<Pending> buffer = new ArrayList<>();
    private long bufferBytes;
    private long bufferSince;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    /** For a metrics gauge read on another thread. */
    private volatile int pendingSnapshot;

    public BulkIndexer(OpenSearchClient client, BulkSettings settings, DeadLetterDocs deadLetters, Listener listener) {
        this.client = client;
        this.settings = settings;
        this.deadLetters = deadLetters;
        this.listener = listener;
    }

    /** Buffers one document; may block while the maximum of requests is in flight (backpressure). */
    public void add(IndexAction action) throws IOException, InterruptedException {
        collectCompleted();
        enqueue(new Pending(action));
        if (buffer.size() >= settings.maxActions() || bufferBytes >= settings.maxBytes()) {
            dispatch(0);
        }
        pendingSnapshot = pendingDocuments();
    }

    /** Documents handed over and not yet acknowledged, as of the last call on the writer thread. */
    public int pendingSnapshot() {
        return pendingSnapshot;
    }

    /** Sends the buffer when its oldest document has waited the flush interval (called from a timer). */
    public void flushIfDue() throws IOException, InterruptedException {
        collectCompleted();
        if (!buffer.isEmpty() && System.nanoTime() - bufferSince >= settings.flushInterval().toNanos()) {
            dispatch(0);
        }
    }

    /** Sends everything and waits until every document is indexed or dead-lettered. */
    public void flush() throws IOException, InterruptedException {
        while (!buffer.isEmpty() || !inFlight.isEmpty()) {
            if (!buffer.isEmpty()) {
                dispatch(0);
            }
            if (!inFlight.isEmpty()) {
                complete(inFlight.poll());
            }
        }
        pendingSnapshot = 0;
    }

    public int pendingDocuments() {
        int n = buffer.size();
        for (InFlight f : inFlight) {
            n += f.batch.size();
        }
        return n;
    }

    private void enqueue(Pending p) {
        if (buffer.isEmpty()) {
            bufferSince = System.nanoTime();
        }
        buffer.add(p);
        bufferBytes += p.action.sizeBytes();
    }

    private void dispatch(int attempt) throws IOException, InterruptedException {
        List<Pending> batch = buffer;
        buffer = new ArrayList<>();
        bufferBytes = 0;
        send(batch, attempt);
    }

    private void send(List<Pending> batch, int attempt) throws IOException, InterruptedException {
        while (inFlight.size() >= settings.maxInFlight()) {
            complete(inFlight.poll());
        }
        inFlight.add(new InFlight(batch, client.sendAsync("POST", "/_bulk", body(batch)), attempt));
    }

    private static byte[] body(List<Pending> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(batch.size() * 600);
        for (Pending p : batch) {
            IndexAction a = p.action;
            out.writeBytes(("{\"index\":{\"_index\":\"" + a.index + "\",\"_id\":\"" + a.id + "\"}}\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(a.source);
            out.write('\n');
        }
        return out.toByteArray();
    }

    private void collectCompleted() throws IOException, InterruptedException {
        while (!inFlight.isEmpty() && inFlight.peek().future.isDone()) {
            complete(inFlight.poll());
        }
    }

    private void complete(InFlight f) throws IOException, InterruptedException {
        Response r;
        try {
            r = f.future.get();
        } catch (ExecutionException e) {
            listener.requestFailed();
            LOG.warn("bulk request of {} documents failed ({}); retry {} after backoff", f.batch.size(), e.getCause().toString(), f.attempt + 1);
            backoff(f.attempt);
            send(f.batch, f.attempt + 1);
            return;
        }
        listener.bulkLatency((System.nanoTime() - f.started) / 1_000_000);
        int status = r.status();
        if (status == 200) {
            handleItems(f, r);
        } else if (status == 429 || status >= 500) {
            listener.requestFailed();
            LOG.warn("bulk request of {} documents answered {}; retry {} after backoff", f.batch.size(), status, f.attempt + 1);
            backoff(f.attempt);
            send(f.batch, f.attempt + 1);
        } else if (status == 401 || status == 403) {
            throw new IOException("OpenSearch refused the bulk request with " + status + " (check opensearch.auth and the"
                    + " role's permissions): " + abbreviate(r.text()));
        } else if (f.batch.size() > 1) {
            // 413 or another whole-request error: halve to isolate the documents that cause it.
            int half = f.batch.size() / 2;
            send(new ArrayList<>(f.batch.subList(0, half)), f.attempt);
            send(new ArrayList<>(f.batch.subList(half, f.batch.size())), f.attempt);
        } else {
            deadLetter(f.batch.get(0), status, status == 413 ? "too_large" : "http_" + status, abbreviate(r.text()));
        }
    }

    private void handleItems(InFlight f, Response r) throws IOException, InterruptedException {
        List<BulkResponse.Failure> failures = BulkResponse.failures(r.body());
        List<Pending> retry = new ArrayList<>();
        int maxAttempts = 0;
        for (BulkResponse.Failure fail : failures) {
            Pending p = f.batch.get(fail.position());
            if (fail.retryable() && p.attempts < settings.maxItemRetries()) {
                p.attempts++;
                maxAttempts = Math.max(maxAttempts, p.attempts);
                retry.add(p);
            } else {
                deadLetter(p, fail.status(), fail.type(), fail.reason());
            }
        }
        int ok = f.batch.size() - failures.size();
        int dlDocs = 0;
        if (!failures.isEmpty()) {
            java.util.Set<Integer> failed = new java.util.HashSet<>();
            failures.forEach(x -> failed.add(x.position()));
            for (int i = 0; i < f.batch.size(); i++) {
                if (!failed.contains(i) && f.batch.get(i).action.deadLetter) {
                    dlDocs++;
                }
            }
        } else {
            for (Pending p : f.batch) {
                if (p.action.deadLetter) {
                    dlDocs++;
                }
            }
        }
        listener.indexed(ok - dlDocs, dlDocs);
        if (!retry.isEmpty()) {
            listener.retried(retry.size());
            backoff(maxAttempts - 1);
            send(retry, 0);
        }
    }

    private void deadLetter(Pending p, int status, String type, String reason) {
        IndexAction a = p.action;
        if (a.deadLetter) {
            LOG.error("dead-letter document {} could not be indexed: {} {}", a.id, type, reason);
            listener.deadLetterLost(a, type + ": " + reason);
            return;
        }
        listener.deadLettered(1);
        enqueue(new Pending(deadLetters.fromIndexFailure(a, status, type, reason, System.currentTimeMillis())));
    }

    private void backoff(int attempt) throws InterruptedException {
        long base = settings.initialBackoff().toMillis() << Math.min(attempt, 20);
        long delay = Math.min(settings.maxBackoff().toMillis(), base);
        delay = (long) (delay * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
        if (delay > 0) {
            Thread.sleep(delay);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }
}
