package io.siemflink.enrich;

import io.siemflink.enrich.geo.GeoEnricher;
import io.siemflink.enrich.geo.GeoIp;
import io.siemflink.enrich.intel.IntelEnricher;
import io.siemflink.enrich.intel.ThreatIntel;
import io.siemflink.enrich.net.CommunityIdEnricher;
import io.siemflink.enrich.ua.UserAgentEnricher;
import io.siemflink.parsers.event.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Enriches parsed events in place: {@code related.*}, {@code network.community_id}, {@code cloud.account.name},
 * GeoIP/ASN, user agent, threat intel, in that order (intel sees the related addresses). One instance per thread
 * (a Flink subtask); the expensive data (MaxMind readers, user-agent regexes, indicator indexes) is shared per
 * JVM. {@link #enrich} never throws for one event: a value that cannot be used is left alone and counted in
 * {@link EnrichStats#errors}.
 */
public final class Enricher implements AutoCloseable {
    private final EnrichSettings settings;
    private final EnrichStats stats = new EnrichStats();
    private final GeoIp geoIp;
    private final GeoEnricher geo;
    private final UserAgentEnricher userAgent;
    private final ThreatIntel intel;
    private final IntelEnricher intelEnricher;
    private final CommunityIdEnricher communityId;
    private final Map<String, String> accounts;
    private final List<String> description = new ArrayList<>();
    private final EventView view = new EventView();

    private Enricher(EnrichSettings s, Consumer<String> warnings) {
        this.settings = s;
        GeoIp g = null;
        ThreatIntel t = null;
        try {
            Map<String, String> acc = new LinkedHashMap<>();
            if (s.enabled() && s.accountsFile() != null) {
                acc.putAll(AccountNames.load(Path.of(s.accountsFile())));
            }
            acc.putAll(s.accounts());
            accounts = s.enabled() ? Map.copyOf(acc) : Map.of();
            if (s.enabled() && s.geoip()) {
                g = GeoIp.open(path(s.geoipDir()), path(s.geoipCity()), path(s.geoipAsn()));
                description.add("geoip: " + g.description());
            }
            if (s.enabled() && s.intelDir() != null) {
                t = ThreatIntel.acquire(Path.of(s.intelDir()), s.intelReloadInterval(), warnings);
                description.add("threat intel: " + t.report());
            }
        } catch (RuntimeException e) {
            if (g != null) {
                g.close();
            }
            throw e;
        }
        geoIp = g;
        intel = t;
        Addresses addresses = new Addresses(s.addressCacheSize());
        geo = g == null ? null : new GeoEnricher(g, addresses, stats);
        intelEnricher = t == null ? null : new IntelEnricher(t, addresses, stats);
        userAgent = s.enabled() && s.userAgent() ? new UserAgentEnricher(s.userAgentCacheSize(), stats) : null;
        communityId = s.enabled() && s.communityId() ? new CommunityIdEnricher(addresses, stats) : null;
        if (!accounts.isEmpty()) {
            description.add("accounts: " + accounts.size() + " names");
        }
        if (userAgent != null) {
            description.add("user agents: uap-core regexes");
        }
    }

    /**
     * Opens the data files the settings name.
     *
     * @throws IllegalArgumentException naming the setting when a file is missing or unusable
     */
    public static Enricher open(EnrichSettings settings) {
        return new Enricher(settings, null);
    }

    /** As {@link #open(EnrichSettings)}, with threat-intel load problems also passed to {@code warnings}. */
    public static Enricher open(EnrichSettings settings, Consumer<String> warnings) {
        return new Enricher(settings, warnings);
    }

    private static Path path(String p) {
        return p == null ? null : Path.of(p);
    }

    public EnrichSettings settings() {
        return settings;
    }

    /** Whether {@link #enrich} does anything. */
    public boolean active() {
        return settings.enabled();
    }

    /** What is loaded, one line per data source. */
    public List<String> describe() {
        return List.copyOf(description);
    }

    /** The live counters of this enricher (read them from this thread, or take a {@link EnrichStats#snapshot()}). */
    public EnrichStats stats() {
        return stats;
    }

    /** The shared threat-intel source, or null when none is configured. */
    public ThreatIntel threatIntel() {
        return intel;
    }

    public void enrich(Event e) {
        if (!settings.enabled()) {
            return;
        }
        stats.events++;
        EventView v = view.load(e);
        if (settings.related()) {
            try {
                Related.enrich(v);
            } catch (RuntimeException ex) {
                stats.errors++;
            }
        }
        if (communityId != null) {
            try {
                communityId.enrich(v);
            } catch (RuntimeException ex) {
                stats.errors++;
            }
        }
        String account = accounts.isEmpty() ? null : v.string(EventView.ACCOUNT_ID);
        if (account != null) {
            String name = accounts.get(account);
            if (name != null) {
                v.set(EventView.ACCOUNT_NAME, name);
                stats.accountsNamed++;
            }
        }
        if (geo != null) {
            try {
                geo.enrich(v);
            } catch (RuntimeException ex) {
                stats.errors++;
            }
        }
        if (userAgent != null) {
            try {
                userAgent.enrich(v);
            } catch (RuntimeException ex) {
                stats.errors++;
            }
        }
        if (intelEnricher != null) {
            try {
                intelEnricher.enrich(v);
            } catch (RuntimeException ex) {
                stats.errors++;
            }
        }
    }

    @Override
    public void close() {
        if (geoIp != null) {
            geoIp.close();
        }
        if (intel != null) {
            intel.release();
        }
    }
}
