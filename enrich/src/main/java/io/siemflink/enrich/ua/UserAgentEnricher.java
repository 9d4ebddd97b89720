package io.siemflink.enrich.ua;

import io.siemflink.enrich.EnrichStats;
import io.siemflink.enrich.EventView;
import io.siemflink.enrich.Lru;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.Field;

/**
 * Parses {@code user_agent.original} into {@code user_agent.name}, {@code version}, {@code os.name/version/full}
 * and {@code device.name} with the uap-core regexes (see {@link UapRegexes}), shaped as Elastic's
 * {@code user_agent} processor shapes them: name and device default to {@code Other}; a version joins its parts
 * as far as they go; the OS is left out when unknown.
 *
 * <p>The regexes (about 1,000, slow to compile) are shared per JVM; results are cached per enricher.
 */
public final class UserAgentEnricher {
    public static final Field NAME = Field.of("user_agent.name");
    public static final Field VERSION = Field.of("user_agent.version");
    public static final Field OS_NAME = Field.of("user_agent.os.name");
    public static final Field OS_VERSION = Field.of("user_agent.os.version");
    public static final Field OS_FULL = Field.of("user_agent.os.full");
    public static final Field DEVICE_NAME = Field.of("user_agent.device.name");
    /** Longer strings are not parsed: the regexes' cost grows with length, and real agents are far shorter. */
    static final int MAX_LENGTH = 2048;

    private static final class Shared {
        static final UapRegexes REGEXES = UapRegexes.bundled();
    }

    /** The parsed fields of one agent string; immutable. */
    public record Parsed(String name, String version, String osName, String osVersion, String osFull, String device) {
    }

    private final Lru<String, Parsed> cache;
    private final EnrichStats stats;

    public UserAgentEnricher(int cacheSize, EnrichStats stats) {
        this.cache = new Lru<>(cacheSize);
        this.stats = stats;
        regexes(); // compile the shared regexes now, not on the first event
    }

    static UapRegexes regexes() {
        return Shared.REGEXES;
    }

    private static final int S_NAME = EventView.slotOf(NAME);
    private static final int S_VERSION = EventView.slotOf(VERSION);
    private static final int S_OS_NAME = EventView.slotOf(OS_NAME);
    private static final int S_OS_VERSION = EventView.slotOf(OS_VERSION);
    private static final int S_OS_FULL = EventView.slotOf(OS_FULL);
    private static final int S_DEVICE = EventView.slotOf(DEVICE_NAME);

    public void enrich(Event e) {
        enrich(new EventView().load(e));
    }

    public void enrich(EventView view) {
        String ua = view.string(EventView.USER_AGENT);
        if (ua == null || ua.isEmpty()) {
            return;
        }
        if (ua.length() > MAX_LENGTH) {
            stats.errors++;
            return;
        }
        Parsed p = cache.get(ua);
        if (p == null) {
            p = parse(ua);
            cache.put(ua, p);
        } else {
            stats.userAgentCacheHits++;
        }
        stats.userAgentsParsed++;
        view.set(S_NAME, p.name());
        if (p.version() != null) {
            view.set(S_VERSION, p.version());
        }
        if (p.osName() != null) {
            view.set(S_OS_NAME, p.osName());
            if (p.osVersion() != null) {
                view.set(S_OS_VERSION, p.osVersion());
                view.set(S_OS_FULL, p.osFull());
            }
        }
        view.set(S_DEVICE, p.device());
    }

    /** One agent string, uncached. */
    public static Parsed parse(String ua) {
        UapRegexes r = regexes();
        UapRegexes.Match agent = r.agent(ua);
        String name = agent == null ? "Other" : agent.name();
        String version = agent == null ? null : version(agent.major(), agent.minor(), agent.patch(), agent.build());
        String osName = null;
        String osVersion = null;
        String osFull = null;
        UapRegexes.Match os = r.os(ua);
        if (os != null && !os.name().equals("Other")) {
            osName = os.name();
            osVersion = version(os.major(), os.minor(), os.patch(), os.build());
            osFull = osVersion == null ? null : osName + " " + osVersion;
        }
        UapRegexes.Match device = r.device(ua);
        return new Parsed(name, version, osName, osVersion, osFull, device == null ? "Other" : device.name());
    }

    /** Elastic's join: each part only after the previous one; an empty part is kept (Firefox 24.0 is "24.0."). */
    private static String version(String major, String minor, String patch, String build) {
        if (major == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(major);
        if (minor != null) {
            sb.append('.').append(minor);
            if (patch != null) {
                sb.append('.').append(patch);
                if (build != null) {
                    sb.append('.').append(build);
                }
            }
        }
        return sb.toString();
    }
}
