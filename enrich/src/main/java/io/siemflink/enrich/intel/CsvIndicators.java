package io.siemflink.enrich.intel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code *.csv}: a header line, then one indicator per row (RFC 4180 quoting). Columns, by header name (any
 * order, case-insensitive; others are ignored): {@code indicator} (or {@code value}, required), {@code type}
 * ({@code ip}, {@code ipv4-addr}, {@code ipv6-addr}, {@code cidr}, {@code domain}, {@code domain-name}; when
 * given it must agree with the value), {@code provider}, {@code name}, {@code description}, {@code confidence},
 * {@code reference}.
 */
final class CsvIndicators {
    private static final Set<String> IP_TYPES = Set.of("ip", "ipv4", "ipv6", "ipv4-addr", "ipv6-addr", "cidr");
    private static final Set<String> DOMAIN_TYPES = Set.of("domain", "domain-name", "hostname", "fqdn");

    private CsvIndicators() {
    }

    /** @throws IllegalArgumentException when the header has no indicator column (the whole file is unusable) */
    static void read(String file, List<String> lines, LoadReport out) {
        int first = 0;
        while (first < lines.size() && (lines.get(first).isBlank() || lines.get(first).startsWith("#"))) {
            first++;
        }
        if (first == lines.size()) {
            return;
        }
        List<String> header = split(lines.get(first));
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            col.putIfAbsent(header.get(i).strip().toLowerCase(Locale.ROOT), i);
        }
        Integer valueCol = col.containsKey("indicator") ? col.get("indicator") : col.get("value");
        if (valueCol == null) {
            throw new IllegalArgumentException(file + ":" + (first + 1) + ": the header names no 'indicator' (or "
                    + "'value') column: " + header);
        }
        for (int i = first + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1);
            List<String> row = split(line);
            if (row == null) {
                out.invalid(where, "unterminated quote");
                continue;
            }
            String raw = cell(row, valueCol);
            IndicatorValues.Value v = raw == null ? null : IndicatorValues.parse(raw);
            if (v == null) {
                out.invalid(where, "not an IP address, CIDR network or domain: '" + (raw == null ? "" : raw) + "'");
                continue;
            }
            String type = cell(row, col.get("type"));
            if (type != null) {
                String t = type.toLowerCase(Locale.ROOT);
                boolean ip = IP_TYPES.contains(t);
                if (!ip && !DOMAIN_TYPES.contains(t)) {
                    out.unsupported(where, "indicator type '" + type + "'");
                    continue;
                }
                if (ip != (v.address() != null)) {
                    out.invalid(where, "type '" + type + "' does not fit the value '" + raw + "'");
                    continue;
                }
            }
            String provider = cell(row, col.get("provider"));
            out.add(new Indicator(v.type(), v.text(), v.isNetwork(), where, file, provider != null ? provider : file,
                    cell(row, col.get("name")), cell(row, col.get("description")),
                    Confidence.of(cell(row, col.get("confidence"))), cell(row, col.get("reference")),
                    Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }

    private static String cell(List<String> row, Integer i) {
        if (i == null || i >= row.size()) {
            return null;
        }
        String s = row.get(i).strip();
        return s.isEmpty() ? null : s;
    }

    /** One CSV line into cells; null for an unterminated quote. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        out.add(cur.toString());
        return out;
    }
}
