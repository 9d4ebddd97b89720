package io.siemflink.enrich.intel;

import java.util.List;

/** {@code *.txt}: one IP, CIDR network or domain per line; {@code #} starts a comment; blank lines are ignored. */
final class TextIndicators {
    private TextIndicators() {
    }

    static void read(String file, List<String> lines, LoadReport out) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String s = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (s.isEmpty()) {
                continue;
            }
            String where = file + ":" + (i + 1);
            if (s.indexOf(' ') >= 0 || s.indexOf('\t') >= 0) {
                out.invalid(where, "more than one value on the line: '" + s + "'");
                continue;
            }
            IndicatorValues.Value v = IndicatorValues.parse(s);
            if (v == null) {
                if (s.contains("://")) {
                    out.unsupported(where, "URL indicators are not matched: '" + s + "'");
                } else {
                    out.invalid(where, "not an IP address, CIDR network or domain: '" + s + "'");
                }
                continue;
            }
            out.add(new Indicator(v.type(), v.text(), v.isNetwork(), where, file, file, null, null, null, null,
                    Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }
}
