package io.siemflink.enrich.intel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one load of an intel directory found: indicators per file, and every entry that was not used with the
 * reason (file:line or file:object, capped at {@link #MAX_PROBLEMS} messages; the counts are exact).
 */
public final class LoadReport {
    static final int MAX_PROBLEMS = 200;

    private final List<Indicator> indicators = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Integer> perFile = new TreeMap<>();
    private int invalid;
    private int unsupported;
    private int inactive;

    void add(Indicator i) {
        indicators.add(i);
        perFile.merge(i.source(), 1, Integer::sum);
    }

    /** A line or object that is not a usable indicator. */
    void invalid(String where, String why) {
        invalid++;
        problem(where + ": " + why);
    }

    /** A well-formed entry of a kind this enricher does not match (a STIX pattern with AND, a URL, ...). */
    void unsupported(String where, String why) {
        unsupported++;
        problem(where + ": unsupported: " + why);
    }

    /** An entry that is revoked or outside its validity window at load time. */
    void countInactive() {
        inactive++;
    }

    void file(String name) {
        perFile.putIfAbsent(name, 0);
    }

    private void problem(String msg) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(msg);
        }
    }

    public List<Indicator> indicators() {
        return Collections.unmodifiableList(indicators);
    }

    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    public Map<String, Integer> perFile() {
        return Collections.unmodifiableMap(perFile);
    }

    public int invalid() {
        return invalid;
    }

    public int unsupported() {
        return unsupported;
    }

    public int inactive() {
        return inactive;
    }

    @Override
    public String toString() {
        return indicators.size() + " indicators from " + perFile + ", " + invalid + " invalid, " + unsupported
                + " unsupported, " + inactive + " revoked or not valid now";
    }
}
