package io.siemflink.enrich;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What to enrich with: immutable and serialisable, so it can travel inside a Flink job graph. Paths are checked
 * when an {@link Enricher} opens (on the machine that runs it); values are checked here, each error naming its
 * setting. {@link #fromKeys} reads the {@code enrich.*} configuration keys.
 */
public final class EnrichSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The configuration keys {@link #fromKeys} understands. */
    public static final Set<String> KEYS = Set.of("enrich.enabled", "enrich.geoip.dir", "enrich.geoip.city",
            "enrich.geoip.asn", "enrich.intel.dir", "enrich.intel.reload-interval", "enrich.accounts.file",
            "enrich.user-agent", "enrich.community-id", "enrich.related", "enrich.cache.addresses",
            "enrich.cache.user-agent");

    public static final int DEFAULT_ADDRESS_CACHE = 10_000;
    public static final int DEFAULT_USER_AGENT_CACHE = 2_000;
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(60);

    private final boolean enabled;
    private final String geoipDir;
    private final String geoipCity;
    private final String geoipAsn;
    private final String intelDir;
    private final Duration intelReloadInterval;
    private final String accountsFile;
    private final Map<String, String> accounts;
    private final boolean userAgent;
    private final boolean communityId;
    private final boolean related;
    private final int addressCacheSize;
    private final int userAgentCacheSize;

    private EnrichSettings(Builder b) {
        enabled = b.enabled;
        geoipDir = b.geoipDir;
        geoipCity = b.geoipCity;
        geoipAsn = b.geoipAsn;
        intelDir = b.intelDir;
        intelReloadInterval = b.intelReloadInterval;
        accountsFile = b.accountsFile;
        accounts = Collections.unmodifiableMap(new TreeMap<>(b.accounts));
        userAgent = b.userAgent;
        communityId = b.communityId;
        related = b.related;
        addressCacheSize = b.addressCacheSize;
        userAgentCacheSize = b.userAgentCacheSize;
    }

    /** No enrichment at all: {@link Enricher#enrich} leaves events as they are. */
    public static EnrichSettings none() {
        return new Builder().enabled(false).build();
    }

    /** Enabled with the defaults: user agents, community_id, related.*; no data files. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * From flat configuration keys (only {@code enrich.*} are read; an unknown {@code enrich.} key is an error).
     * Without {@code enrich.enabled=true} the result is {@link #none()}.
     */
    public static EnrichSettings fromKeys(Map<String, String> keys) {
        for (String k : keys.keySet()) {
            if (k.startsWith("enrich.") && !KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown setting " + k + " (enrichment keys: "
                        + new TreeSet<>(KEYS) + ")");
            }
        }
        if (!bool(keys, "enrich.enabled", false)) {
            return none();
        }
        Builder b = builder()
                .geoipDir(keys.get("enrich.geoip.dir"))
                .geoipCity(keys.get("enrich.geoip.city"))
                .geoipAsn(keys.get("enrich.geoip.asn"))
                .intelDir(keys.get("enrich.intel.dir"))
                .accountsFile(keys.get("enrich.accounts.file"))
                .userAgent(bool(keys, "enrich.user-agent", true))
                .communityId(bool(keys, "enrich.community-id", true))
                .related(bool(keys, "enrich.related", true))
                .addressCacheSize(integer(keys, "enrich.cache.addresses", DEFAULT_ADDRESS_CACHE))
                .userAgentCacheSize(integer(keys, "enrich.cache.user-agent", DEFAULT_USER_AGENT_CACHE));
        if (keys.containsKey("enrich.intel.reload-interval")) {
            b.intelReloadInterval(duration("enrich.intel.reload-interval", keys.get("enrich.intel.reload-interval")));
        }
        return b.build();
    }

    private static boolean bool(Map<String, String> keys, String k, boolean dflt) {
        String v = keys.get(k);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException(k + ": expected true or false, got '" + v + "'");
        };
    }

    private static int integer(Map<String, String> keys, String k, int dflt) {
        String v = keys.get(k);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(k + ": expected a whole number, got '" + v + "'");
        }
    }

    static Duration duration(String k, String v) {
        return io.siemflink.parsers.Durations.parse(k, v);
    }

    public boolean enabled() {
        return enabled;
    }

    public String geoipDir() {
        return geoipDir;
    }

    public String geoipCity() {
        return geoipCity;
    }

    public String geoipAsn() {
        return geoipAsn;
    }

    public boolean geoip() {
        return geoipDir != null || geoipCity != null || geoipAsn != null;
    }

    public String intelDir() {
        return intelDir;
    }

    public Duration intelReloadInterval() {
        return intelReloadInterval;
    }

    public String accountsFile() {
        return accountsFile;
    }

    /** Inline account names (merged over the file's). */
    public Map<String, String> accounts() {
        return accounts;
    }

    public boolean userAgent() {
        return userAgent;
    }

    public boolean communityId() {
        return communityId;
    }

    public boolean related() {
        return related;
    }

    public int addressCacheSize() {
        return addressCacheSize;
    }

    public int userAgentCacheSize() {
        return userAgentCacheSize;
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "enrichment off";
        }
        return "geoip " + (geoip() ? "dir=" + geoipDir + " city=" + geoipCity + " asn=" + geoipAsn : "off")
                + ", intel " + (intelDir == null ? "off" : intelDir + " (check every " + intelReloadInterval + ")")
                + ", accounts " + (accountsFile == null ? "" : accountsFile + " ") + accounts.size() + " inline"
                + ", user-agent " + userAgent + ", community-id " + communityId + ", related " + related
                + ", caches addresses " + addressCacheSize + " user-agent " + userAgentCacheSize;
    }

    public static final class Builder {
        private boolean enabled = true;
        private String geoipDir;
        private String geoipCity;
        private String geoipAsn;
        private String intelDir;
        private Duration intelReloadInterval = DEFAULT_RELOAD_INTERVAL;
        private String accountsFile;
        private Map<String, String> accounts = Map.of();
        private boolean userAgent = true;
        private boolean communityId = true;
        private boolean related = true;
        private int addressCacheSize = DEFAULT_ADDRESS_CACHE;
        private int userAgentCacheSize = DEFAULT_USER_AGENT_CACHE;

        private Builder() {
        }

        public Builder enabled(boolean v) {
            enabled = v;
            return this;
        }

        /** A directory of .mmdb files: City (or Country) and ASN databases are told apart by their metadata. */
        public Builder geoipDir(String v) {
            geoipDir = blankToNull(v);
            return this;
        }

        public Builder geoipCity(String v) {
            geoipCity = blankToNull(v);
            return this;
        }

        public Builder geoipAsn(String v) {
            geoipAsn = blankToNull(v);
            return this;
        }

        public Builder intelDir(String v) {
            intelDir = blankToNull(v);
            return this;
        }

        public Builder intelReloadInterval(Duration v) {
            intelReloadInterval = v;
            return this;
        }

        public Builder accountsFile(String v) {
            accountsFile = blankToNull(v);
            return this;
        }

        public Builder accounts(Map<String, String> v) {
            accounts = v == null ? Map.of() : v;
            return this;
        }

        public Builder userAgent(boolean v) {
            userAgent = v;
            return this;
        }

        public Builder communityId(boolean v) {
            communityId = v;
            return this;
        }

        public Builder related(boolean v) {
            related = v;
            return this;
        }

        public Builder addressCacheSize(int v) {
            addressCacheSize = v;
            return this;
        }

        public Builder userAgentCacheSize(int v) {
            userAgentCacheSize = v;
            return this;
        }

        public EnrichSettings build() {
            if (addressCacheSize < 1 || addressCacheSize > 10_000_000) {
                throw new IllegalArgumentException("enrich.cache.addresses: must be 1 to 10000000, got " + addressCacheSize);
            }
            if (userAgentCacheSize < 1 || userAgentCacheSize > 10_000_000) {
                throw new IllegalArgumentException("enrich.cache.user-agent: must be 1 to 10000000, got "
                        + userAgentCacheSize);
            }
            if (intelReloadInterval == null || intelReloadInterval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("enrich.intel.reload-interval: must be at least 1s, got "
                        + intelReloadInterval);
            }
            accounts.forEach((id, name) -> AccountNames.validate(id, name == null ? "" : name, "enrich.accounts"));
            return new EnrichSettings(this);
        }

        private static String blankToNull(String v) {
            return v == null || v.isBlank() ? null : v.strip();
        }
    }
}
