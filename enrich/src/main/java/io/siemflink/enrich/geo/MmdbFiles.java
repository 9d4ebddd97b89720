package io.siemflink.enrich.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * MaxMind DB files shared by every enricher in the JVM (all Flink subtasks of a task manager): a reader is
 * memory-mapped and thread-safe, so one per file is enough, and its record cache serves every thread. Reference counted; the last release closes it.
 * A file replaced on disk (other size or modification time) opens as a new reader.
 */
final class MmdbFiles {
    private record Key(Path path, long size, long modified) {
    }

    private static final class Entry {
        final Mmdb db;
        int refs;

        Entry(Mmdb db) {
            this.db = db;
        }
    }

    private static final Map<Key, Entry> OPEN = new HashMap<>();

    private MmdbFiles() {
    }

    /** The shared database for the file; give it back with {@link #release}. */
    static synchronized Mmdb acquire(Path file) throws IOException {
        Path p = file.toRealPath();
        Key k = new Key(p, Files.size(p), Files.getLastModifiedTime(p).toMillis());
        Entry e = OPEN.get(k);
        if (e == null) {
            // The node cache keeps values reached through pointers (shared names), 4096 entries.
            Reader r = new Reader(p.toFile(), Reader.FileMode.MEMORY_MAPPED, new CHMCache());
            try {
                e = new Entry(new Mmdb(p, r));
            } catch (IOException | RuntimeException ex) {
                r.close();
                throw ex;
            }
            OPEN.put(k, e);
        }
        e.refs++;
        return e.db;
    }

    static synchronized void release(Mmdb db) {
        var it = OPEN.entrySet().iterator();
        while (it.hasNext()) {
            Entry e = it.next().getValue();
            if (e.db == db && --e.refs == 0) {
                it.remove();
                try {
                    db.reader.close();
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
                return;
            }
        }
    }

    /** Open readers, for tests. */
    static synchronized int openCount() {
        return OPEN.size();
    }
}
