package io.siemflink.pipeline.source.objects;

import io.siemflink.parsers.LogType;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists objects under one or more prefixes with start-after listing: once (a bounded backfill) or repeatedly
 * (continuous discovery).
 *
 * <p>Continuous discovery relies on keys growing over time within a prefix, as AWS's
 * {@code AWSLogs/<account>/<service>/<region>/YYYY/MM/DD/} layout does. Files of the same minute can be delivered
 * out of key order, so each round lists from the highest key seen {@code lookback} ago (not the highest seen) and
 * remembers the keys of that window to skip them. An object whose key sorts before that point when it arrives is
 * not found: production deployments should use S3 event notifications, which have no such gap.
 */
public final class PrefixScan implements Discovery {
    private static final long serialVersionUID = 1L;

    private final ObjectStore store;
    private final String bucket;
    private final List<String> prefixes;
    private final LogType logType;
    private final boolean continuous;
    private final Duration interval;
    private final Duration lookback;
    private final String startAfter;

    /**
     * @param startAfter keys at or before this are ignored (resume a backfill), or null
     */
    public PrefixScan(ObjectStore store, String bucket, List<String> prefixes, LogType logType, boolean continuous,
                      Duration interval, Duration lookback, String startAfter) {
        if (bucket == null || bucket.isEmpty()) {
            throw new IllegalArgumentException("source bucket is required");
        }
        this.store = store;
        this.bucket = bucket;
        this.prefixes = prefixes.isEmpty() ? List.of("") : List.copyOf(prefixes);
        this.logType = logType;
        this.continuous = continuous;
        this.interval = interval;
        this.lookback = lookback;
        this.startAfter = startAfter;
    }

    /** Per prefix: where listing resumes, and keys seen since (discovery time, key). */
    static final class PrefixState implements Serializable {
        private static final long serialVersionUID = 1L;
        String listFrom;
        /** (highest key, when seen) samples, oldest first. */
        final ArrayList<Object[]> cursorHistory = new ArrayList<>();
        final HashMap<String, Long> recentKeys = new HashMap<>();

        PrefixState copy() {
            PrefixState c = new PrefixState();
            c.listFrom = listFrom;
            cursorHistory.forEach(h -> c.cursorHistory.add(h.clone()));
            c.recentKeys.putAll(recentKeys);
            return c;
        }
    }

    @Override
    public Serializable initialState() {
        HashMap<String, PrefixState> m = new HashMap<>();
        for (String p : prefixes) {
            PrefixState s = new PrefixState();
            s.listFrom = startAfter;
            m.put(p, s);
        }
        return m;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Found discover(Serializable state) throws Exception {
        HashMap<String, PrefixState> next = new HashMap<>();
        List<ObjectSplit> found = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (Map.Entry<String, PrefixState> e : ((Map<String, PrefixState>) state).entrySet()) {
            PrefixState s = e.getValue().copy();
            String highest = s.listFrom;
            String token = null;
            do {
                ObjectStore.Listing page = store.list(bucket, e.getKey(), s.listFrom, token);
                for (ObjectRef o : page.objects()) {
                    if (s.recentKeys.containsKey(o.key())) {
                        continue;
                    }
                    if (continuous) {
                        s.recentKeys.put(o.key(), now);
                    }
                    found.add(new ObjectSplit(o, logType, 0, null));
                    if (highest == null || o.key().compareTo(highest) > 0) {
                        highest = o.key();
                    }
                }
                token = page.nextToken();
            } while (token != null);
            if (continuous) {
                s.cursorHistory.add(new Object[] {highest, now});
                // Resume from the highest key seen one lookback ago; forget what is older than that.
                long horizon = now - lookback.toMillis();
                while (s.cursorHistory.size() > 1 && (long) s.cursorHistory.get(1)[1] <= horizon) {
                    s.cursorHistory.remove(0);
                }
                Object[] oldest = s.cursorHistory.get(0);
                if ((long) oldest[1] <= horizon) {
                    s.listFrom = (String) oldest[0];
                }
                String from = s.listFrom;
                s.recentKeys.entrySet().removeIf(k -> from != null && k.getKey().compareTo(from) <= 0);
            } else {
                s.listFrom = highest;
            }
            next.put(e.getKey(), s);
        }
        return new Found(found, next, !continuous);
    }

    @Override
    public boolean continuous() {
        return continuous;
    }

    @Override
    public Duration interval() {
        return interval;
    }
}
