package io.siemflink.enrich.ua;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The uap-core {@code regexes.yaml} (the copy maintained in uap-java), evaluated the way Elastic's
 * {@code user_agent} processor does it: the first matching pattern wins; replacements substitute {@code $1..$9};
 * a version part is the replacement or else the next capture group, kept as captured (an empty group stays an
 * empty part) and up to a fourth part (build). uap-java's own parser drops empty groups and the fourth browser
 * part, which Elastic keeps ({@code Firefox/24.0} is version {@code 24.0.}, {@code Chrome/140.0.0.0} is
 * {@code 140.0.0.0}).
 *
 * <p>Immutable and thread-safe after construction (a few hundred compiled patterns, built once per JVM).
 */
final class UapRegexes {
    /** A name and up to four version parts; any may be null. */
    record Match(String name, String major, String minor, String patch, String build) {
    }

    private record Rule(Pattern pattern, String name, String v1, String v2, String v3, String v4) {
        Match match(String s) {
            Matcher m = pattern.matcher(s);
            if (!m.find()) {
                return null;
            }
            String n = name != null ? substitute(name, m) : group(m, 1);
            if (n == null || n.isEmpty()) {
                return null;
            }
            return new Match(n, part(v1, m, 2), part(v2, m, 3), part(v3, m, 4), part(v4, m, 5));
        }

        private static String part(String replacement, Matcher m, int group) {
            return replacement != null ? substitute(replacement, m) : group(m, group);
        }

        private static String group(Matcher m, int g) {
            return g <= m.groupCount() ? m.group(g) : null;
        }

        private static String substitute(String replacement, Matcher m) {
            if (replacement.indexOf('$') < 0) {
                return replacement;
            }
            StringBuilder sb = new StringBuilder(replacement.length() + 16);
            for (int i = 0; i < replacement.length(); i++) {
                char c = replacement.charAt(i);
                if (c == '$' && i + 1 < replacement.length() && Character.isDigit(replacement.charAt(i + 1))) {
                    String g = group(m, replacement.charAt(++i) - '0');
                    if (g != null) {
                        sb.append(g);
                    }
                } else {
                    sb.append(c);
                }
            }
            return sb.toString().trim();
        }
    }

    private final List<Rule> agents;
    private final List<Rule> systems;
    private final List<Rule> devices;

    private UapRegexes(List<Rule> agents, List<Rule> systems, List<Rule> devices) {
        this.agents = agents;
        this.systems = systems;
        this.devices = devices;
    }

    /** The regexes bundled in the uap-java jar. */
    static UapRegexes bundled() {
        try (InputStream in = ua_parser.Parser.class.getResourceAsStream("/ua_parser/regexes.yaml")) {
            if (in == null) {
                throw new IllegalStateException("uap-java's ua_parser/regexes.yaml is not on the class path");
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static UapRegexes load(InputStream in) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(16 * 1024 * 1024); // the file is ~200 KB; the default limit is 3 MB
        Map<String, List<Map<String, String>>> root = new Yaml(options).load(in);
        return new UapRegexes(
                rules(root.get("user_agent_parsers"), "family_replacement", "v1_replacement", "v2_replacement",
                        "v3_replacement", "v4_replacement"),
                rules(root.get("os_parsers"), "os_replacement", "os_v1_replacement", "os_v2_replacement",
                        "os_v3_replacement", "os_v4_replacement"),
                rules(root.get("device_parsers"), "device_replacement", null, null, null, null));
    }

    private static List<Rule> rules(List<Map<String, String>> entries, String name, String v1, String v2, String v3,
                                    String v4) {
        if (entries == null) {
            throw new IllegalStateException("regexes.yaml lacks a parser list");
        }
        List<Rule> out = new ArrayList<>(entries.size());
        for (Map<String, String> e : entries) {
            int flags = "i".equals(e.get("regex_flag")) ? Pattern.CASE_INSENSITIVE : 0;
            out.add(new Rule(Pattern.compile(e.get("regex"), flags), get(e, name), get(e, v1), get(e, v2), get(e, v3),
                    get(e, v4)));
        }
        return List.copyOf(out);
    }

    private static String get(Map<String, String> e, String key) {
        if (key == null) {
            return null;
        }
        Object v = e.get(key);
        return v == null ? null : v.toString();
    }

    Match agent(String s) {
        return first(agents, s);
    }

    Match os(String s) {
        return first(systems, s);
    }

    Match device(String s) {
        return first(devices, s);
    }

    private static Match first(List<Rule> rules, String s) {
        for (Rule r : rules) {
            Match m = r.match(s);
            if (m != null) {
                return m;
            }
        }
        return null;
    }
}
