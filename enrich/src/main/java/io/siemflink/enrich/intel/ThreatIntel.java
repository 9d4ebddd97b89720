package io.siemflink.enrich.intel;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The indicators of one directory, shared by every enricher in the JVM that names it, and reloaded when its
 * files change: at most every {@code interval}, one caller (never blocking the others, which keep the current
 * index) compares the files' sizes and modification times and, when they differ, reads everything into a new
 * index and swaps it in. A file that cannot be used at all (unreadable, invalid JSON, a CSV without an indicator
 * column) keeps the previous index and is reported; bad lines or objects inside a file are reported and counted
 * while the rest loads.
 */
public final class ThreatIntel {
    private static final System.Logger LOG = System.getLogger(ThreatIntel.class.getName());
    private static final Map<Path, ThreatIntel> SHARED = new HashMap<>();

    private final Path dir;
    private final long intervalNanos;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile IndicatorIndex index = IndicatorIndex.EMPTY;
    private volatile LoadReport report;
    private volatile String lastError;
    private volatile long loads;
    private IntelLoader.Stamps stamps;
    private volatile long nextCheck;
    private int refs;
    /** Where problems go besides the log (the CLI prints them); replaced by the latest opener. */
    private volatile Consumer<String> listener = m -> { };

    private ThreatIntel(Path dir, Duration interval) {
        this.dir = dir;
        this.intervalNanos = interval.toNanos();
    }

    /**
     * The shared instance for a directory, loaded now.
     *
     * @throws IllegalArgumentException naming {@code enrich.intel.dir} when the directory is missing or its first
     *         load fails
     */
    public static ThreatIntel acquire(Path dir, Duration interval, Consumer<String> listener) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("enrich.intel.dir: " + dir + " is not a directory");
        }
        Path key;
        try {
            key = dir.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("enrich.intel.dir: " + dir + ": " + e.getMessage(), e);
        }
        synchronized (SHARED) {
            ThreatIntel t = SHARED.get(key);
            if (t == null) {
                t = new ThreatIntel(key, interval);
                t.listener = listener;
                t.reload(true);
                if (t.report == null) {
                    throw new IllegalArgumentException("enrich.intel.dir: " + t.lastError);
                }
                SHARED.put(key, t);
            } else if (listener != null) {
                t.listener = listener;
            }
            t.refs++;
            return t;
        }
    }

    public void release() {
        synchronized (SHARED) {
            if (--refs == 0) {
                SHARED.remove(dir);
            }
        }
    }

    public IndicatorIndex index() {
        return index;
    }

    /** The report of the load in force. */
    public LoadReport report() {
        return report;
    }

    /** Why the latest reload attempt kept the previous index, or null when it did not. */
    public String lastError() {
        return lastError;
    }

    /** Completed loads (the first one included). */
    public long loads() {
        return loads;
    }

    /** Reloads if the interval has passed and the files changed; cheap otherwise. Never throws. */
    public void maybeReload(long nowNanos) {
        if (nowNanos - nextCheck < 0 || !reloading.tryLock()) {
            return;
        }
        try {
            if (nowNanos - nextCheck >= 0) {
                nextCheck = nowNanos + intervalNanos;
                reload(false);
            }
        } finally {
            reloading.unlock();
        }
    }

    /** Checks the files now, regardless of the interval (tests, and the first load). */
    public void reloadNow() {
        reloading.lock();
        try {
            nextCheck = System.nanoTime() + intervalNanos;
            reload(false);
        } finally {
            reloading.unlock();
        }
    }

    private void reload(boolean first) {
        IntelLoader.Stamps now;
        try {
            now = IntelLoader.stamps(dir);
        } catch (IOException e) {
            fail("cannot list " + dir + ": " + e.getMessage());
            return;
        }
        if (!first && now.equals(stamps)) {
            return;
        }
        stamps = now; // a broken state is reported once, and retried when the files change again
        try {
            LoadReport r = IntelLoader.load(dir, System.currentTimeMillis());
            IndicatorIndex fresh = IndicatorIndex.of(r.indicators());
            index = fresh;
            report = r;
            lastError = null;
            loads++;
            LOG.log(Level.INFO, "threat intel " + dir + ": " + r);
            for (String p : r.problems()) {
                warn(p);
            }
        } catch (IntelLoader.LoadException e) {
            fail(e.getMessage() + (report == null ? "" : "; keeping the previous " + index.size() + " indicators"));
        } catch (RuntimeException e) {
            fail("failed to load " + dir + ": " + e);
        }
    }

    private void fail(String msg) {
        lastError = msg;
        warn(msg);
    }

    private void warn(String msg) {
        LOG.log(Level.WARNING, "threat intel: " + msg);
        Consumer<String> l = listener;
        if (l != null) {
            l.accept("threat intel: " + msg);
        }
    }

    /** Problems of the load in force, for callers that print them. */
    public List<String> problems() {
        LoadReport r = report;
        return r == null ? List.of() : r.problems();
    }
}
