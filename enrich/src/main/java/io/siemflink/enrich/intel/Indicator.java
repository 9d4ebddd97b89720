package io.siemflink.enrich.intel;

/**
 * One indicator of compromise: an IP address, a CIDR network or a domain, with what its source says about it.
 *
 * @param type ECS/STIX indicator type: {@code ipv4-addr}, {@code ipv6-addr} or {@code domain-name}
 * @param value the atomic as normalised: an address, a network {@code a.b.c.d/n}, or a lower-case domain
 * @param network true when {@code value} is a network rather than one address
 * @param id where it came from: a STIX id, or {@code file:line}
 * @param source the file it was read from
 * @param validFrom, validUntil epoch milliseconds bounding when it applies ({@code Long.MIN_VALUE}/{@code MAX_VALUE} when open)
 */
public record Indicator(String type, String value, boolean network, String id, String source, String provider,
                        String name, String description, String confidence, String reference, long validFrom,
                        long validUntil) {
    public boolean validAt(long epochMillis) {
        return epochMillis >= validFrom && epochMillis < validUntil;
    }
}
