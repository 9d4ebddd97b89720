package io.siemflink.dashboards;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The field names a Lucene query string names ({@code field:value}, {@code _exists_:field}). */
final class LuceneFields {
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern FIELD = Pattern.compile("(?<![\\w.@*])([A-Za-z_@][\\w.@]*)\\s*:");

    private LuceneFields() {
    }

    static Set<String> of(String query) {
        Set<String> out = new LinkedHashSet<>();
        if (query == null) {
            return out;
        }
        // Values in quotes may hold colons (URLs, IPv6): they name no field.
        String q = QUOTED.matcher(query.replace("\\:", "")).replaceAll("\"\"");
        Matcher m = FIELD.matcher(q);
        while (m.find()) {
            String f = m.group(1);
            if (f.equals("_exists_")) {
                Matcher v = Pattern.compile("\\s*([A-Za-z_@][\\w.@]*)").matcher(q.substring(m.end()));
                if (v.lookingAt()) {
                    out.add(v.group(1));
                }
            } else {
                out.add(f);
            }
        }
        return out;
    }
}
