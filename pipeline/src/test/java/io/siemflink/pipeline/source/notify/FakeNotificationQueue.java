package io.siemflink.pipeline.source.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The one fake of the S3 tests: an in-memory queue with SQS's visibility semantics, standing in for SQS (no
 * local SQS server exists here). The job holds only its name (it is serialized into the job); the messages live in
 * a static registry of this JVM, where the MiniCluster runs too.
 *
 * <p>A received message is invisible until it is deleted with the receipt handle of its latest delivery, until its
 * visibility timeout (asked for on receipt, extended with {@link #extend}) runs out, or until the test expires it
 * ({@link #expireInFlight()}, or per message on its first receipt); each delivery has a new handle. Deletion times,
 * stale deletions and extensions, and a hook run just before each deletion are recorded for assertions.
 */
public final class FakeNotificationQueue implements NotificationQueue {
    private static final long serialVersionUID = 1L;
    private static final Map<String, State> REGISTRY = new ConcurrentHashMap<>();

    /** One message and its history. */
    public static final class Msg {
        public final String id;
        public final String body;
        final boolean redeliverOnce;
        String handle;
        /** Epoch millis until which the latest delivery is invisible. */
        long invisibleUntil;
        public volatile int receives;
        public volatile int extensions;
        public volatile long deletedAtMillis = -1;
        public volatile String deletedWith;

        Msg(String id, String body, boolean redeliverOnce) {
            this.id = id;
            this.body = body;
            this.redeliverOnce = redeliverOnce;
        }

        public boolean deleted() {
            return deletedAtMillis >= 0;
        }
    }

    private static final class State {
        final List<Msg> messages = new ArrayList<>();
        final List<String> staleDeletes = new CopyOnWriteArrayList<>();
        final List<String> staleExtends = new CopyOnWriteArrayList<>();
        volatile Consumer<Msg> beforeDelete = m -> { };
        int sequence;
    }

    private final String name;

    private FakeNotificationQueue(String name) {
        this.name = name;
    }

    /** A new, empty queue registered under {@code name}. */
    public static FakeNotificationQueue create(String name) {
        REGISTRY.put(name, new State());
        return new FakeNotificationQueue(name);
    }

    public void dispose() {
        REGISTRY.remove(name);
    }

    private State state() {
        State s = REGISTRY.get(name);
        if (s == null) {
            throw new IllegalStateException("no fake queue " + name);
        }
        return s;
    }

    /** Sends a message. @return it, to watch its deliveries and deletion */
    public Msg send(String body) {
        return send(body, false);
    }

    /**
     * @param redeliverOnce its first delivery expires at once (as if the visibility timeout ran out while the job
     *                      still read its objects): it is delivered a second time, with a new handle
     */
    public Msg send(String body, boolean redeliverOnce) {
        State s = state();
        synchronized (s) {
            Msg m = new Msg("msg-" + (++s.sequence), body, redeliverOnce);
            s.messages.add(m);
            return m;
        }
    }

    /** Runs just before each deletion takes effect, on the deleting (job) thread. */
    public void beforeDelete(Consumer<Msg> hook) {
        state().beforeDelete = hook;
    }

    /** Makes every received, undeleted message visible again (the visibility timeout ran out). */
    public void expireInFlight() {
        State s = state();
        synchronized (s) {
            s.messages.forEach(m -> m.invisibleUntil = 0);
        }
    }

    public List<Msg> messages() {
        State s = state();
        synchronized (s) {
            return List.copyOf(s.messages);
        }
    }

    /** Handles the job asked to extend that were not a message's latest undeleted delivery. */
    public List<String> staleExtends() {
        return List.copyOf(state().staleExtends);
    }

    /** Handles the job deleted that were not a message's latest delivery (or were unknown). */
    public List<String> staleDeletes() {
        return List.copyOf(state().staleDeletes);
    }

    @Override
    public List<Message> receive(int max, Duration wait, Duration visibility) throws InterruptedException {
        State s = state();
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<Message> out = new ArrayList<>();
            synchronized (s) {
                long now = System.currentTimeMillis();
                for (Msg m : s.messages) {
                    if (out.size() >= max) {
                        break;
                    }
                    if (!m.deleted() && m.invisibleUntil <= now) {
                        m.receives++;
                        m.handle = m.id + "#" + m.receives;
                        m.invisibleUntil = m.redeliverOnce && m.receives == 1 ? 0 : now + visibility.toMillis();
                        out.add(new Message(m.id, m.handle, m.body));
                    }
                }
            }
            if (!out.isEmpty() || System.nanoTime() >= deadline) {
                return out;
            }
            Thread.sleep(50);
        }
    }

    @Override
    public List<String> extend(List<String> receiptHandles, Duration visibility) {
        State s = state();
        List<String> refused = new ArrayList<>();
        synchronized (s) {
            long now = System.currentTimeMillis();
            for (String h : receiptHandles) {
                Msg target = s.messages.stream().filter(m -> h.equals(m.handle) && !m.deleted()).findFirst().orElse(null);
                if (target == null) {
                    s.staleExtends.add(h);
                    refused.add(h);
                } else {
                    target.invisibleUntil = now + visibility.toMillis();
                    target.extensions++;
                }
            }
        }
        return refused; // as SQS reports them, per entry
    }

    @Override
    public void delete(List<String> receiptHandles) {
        State s = state();
        for (String h : receiptHandles) {
            Msg target = null;
            synchronized (s) {
                for (Msg m : s.messages) {
                    if (h.equals(m.handle) && !m.deleted()) {
                        target = m;
                        break;
                    }
                }
            }
            if (target == null) {
                s.staleDeletes.add(h);
                continue;
            }
            s.beforeDelete.accept(target);
            synchronized (s) {
                target.deletedWith = h;
                target.deletedAtMillis = System.currentTimeMillis();
            }
        }
    }
}
