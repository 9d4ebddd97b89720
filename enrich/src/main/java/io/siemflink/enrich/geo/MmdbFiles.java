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
 * MaxMind DB readers shared by every enricher in the JVM (all Flink subtasks of a task manager): a reader is
 * memory-mapped and thread-safe, so one per file is enough. Reference counted; the last release closes it.
 * A file replaced on disk (other size or modification time) opens as a new reader.
 */
final class MmdbFiles {
    private record Key(Path path, long size, long modified) {
    }

    private static final class Entry {
        final Reader reader;
        int refs;

        Entry(Reader reader) {
            this.reader = reader;
        }
    }

    private static final Map<Key, Entry> OPEN = new HashMap<>();

    private MmdbFiles() {
    }

    /** A shared reader for the file; give it back with {@link #release}. */
    static synchronized Reader acquire(Path file) throws IOException {
        Path p = file.toRealPath();
        Key k = new Key(p, Files.size(p), Files.getLastModifiedTime(p).toMillis());
        Entry e = OPEN.get(k);
        if (e == null) {
            // The node cache keeps decoded records by data offset, shared by all threads; 4096 entries.
            e = new Entry(new Reader(p.toFile(), Reader.FileMode.MEMORY_MAPPED, new CHMCache()));
            OPEN.put(k, e);
        }
        e.refs++;
        return e.reader;
    }

    static synchronized void release(Reader reader) {
        var it = OPEN.entrySet().iterator();
        while (it.hasNext()) {
            Entry e = it.next().getValue();
            if (e.reader == reader && --e.refs == 0) {
                it.remove();
                try {
                    reader.close();
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
