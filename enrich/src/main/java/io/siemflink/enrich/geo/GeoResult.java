package io.siemflink.enrich.geo;

/**
 * What the databases say about one address, in Elastic's geoip/ASN field terms; immutable, cached per address.
 * Any component may be null.
 */
public record GeoResult(String continentName, String countryIsoCode, String countryName, String regionIsoCode,
                        String regionName, String cityName, Double lat, Double lon, Long asNumber,
                        String asOrganizationName) {
    public static final GeoResult NONE = new GeoResult(null, null, null, null, null, null, null, null, null, null);

    public boolean isEmpty() {
        return continentName == null && countryIsoCode == null && countryName == null && regionIsoCode == null
                && regionName == null && cityName == null && lat == null && lon == null && asNumber == null
                && asOrganizationName == null;
    }

    public boolean hasGeo() {
        return continentName != null || countryIsoCode != null || countryName != null || cityName != null
                || lat != null;
    }
}
