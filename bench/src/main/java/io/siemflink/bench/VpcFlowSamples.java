package io.siemflink.bench;

import io.siemflink.parsers.LogType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * VPC Flow Logs as S3 delivers them: a header line, then one record per line. Traffic of a few dozen ENIs:
 * mostly accepted TCP (web, TLS, databases, SSH), UDP (DNS, NTP), some ICMP, about 15% rejected scans from the
 * internet, about 8% IPv6, about 2% NODATA. Addresses are private or documentation ranges.
 */
public final class VpcFlowSamples implements SampleGenerator {
    /** The default format (version 2) or all version 5 fields. */
    public enum Format { V2, V5 }

    static final String V2_HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets"
            + " bytes start end action log-status";
    static final String V5_HEADER = V2_HEADER + " vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr"
            + " region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction"
            + " traffic-path";

    private static final int[] TCP_PORTS = {443, 443, 443, 80, 22, 3306, 5432, 6379, 8080, 9200};
    private static final int[] SCAN_PORTS = {22, 23, 445, 3389, 1433, 5900, 8443, 25, 139, 2375};
    private static final String[] EXTERNAL_V4 = {"203.0.113.", "198.51.100.", "192.0.2."};
    private static final String[] SERVICES = {"S3", "DYNAMODB", "AMAZON", "EC2", "-"};

    private final Format format;

    public VpcFlowSamples() {
        this(Format.V2);
    }

    public VpcFlowSamples(Format format) {
        this.format = format;
    }

    @Override
    public LogType type() {
        return LogType.VPCFLOW;
    }

    @Override
    public void write(OutputStream out, int records, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        String account = "123456789012";
        long windowStart = 1_755_678_600L;
        StringBuilder sb = new StringBuilder(256 * 1024);
        sb.append(format == Format.V2 ? V2_HEADER : V5_HEADER).append('\n');
        for (int i = 0; i < records; i++) {
            if (i % 2000 == 1999) {
                windowStart += 60; // the next aggregation window
            }
            int eni = r.nextInt(40);
            String iface = String.format("eni-0%016x", 0x1a2b3c4d5e6f7000L + eni * 7919L);
            long start = windowStart + r.nextInt(30);
            long end = start + 1 + r.nextInt(59);
            sb.append(format == Format.V2 ? "2" : "5").append(' ').append(account).append(' ').append(iface).append(' ');
            int kind = r.nextInt(100);
            String local = "10.0." + (eni % 8) + "." + (10 + eni);
            if (kind < 2) { // NODATA: every other field is '-'
                sb.append("- - - - - - - ").append(start).append(' ').append(end).append(" - NODATA");
                appendV5(sb, r, eni, null, null, 0, -1);
                sb.append('\n');
                continue;
            }
            boolean v6 = r.nextInt(100) < 8;
            String remote = v6 ? "2001:db8:" + Integer.toHexString(r.nextInt(0x10000)) + "::" + Integer.toHexString(1 + r.nextInt(0xfff))
                    : EXTERNAL_V4[r.nextInt(EXTERNAL_V4.length)] + (1 + r.nextInt(254));
            if (v6) {
                local = "2001:db8:1234:a1" + String.format("%02x", eni) + "::" + Integer.toHexString(16 + eni);
            }
            String src;
            String dst;
            int sport;
            int dport;
            int proto;
            String action = "ACCEPT";
            int flags;
            if (kind < 17) { // rejected scan from the internet
                src = remote;
                dst = local;
                sport = 1024 + r.nextInt(64000);
                dport = SCAN_PORTS[r.nextInt(SCAN_PORTS.length)];
                proto = 6;
                action = "REJECT";
                flags = 2;
            } else if (kind < 21) { // ICMP
                src = r.nextBoolean() ? remote : local;
                dst = src.equals(remote) ? local : remote;
                sport = 0;
                dport = 0;
                proto = v6 ? 58 : 1;
                flags = 0;
            } else if (kind < 45) { // UDP: DNS, NTP
                src = local;
                dst = r.nextBoolean() ? "10.0.0.2" : remote;
                if (v6 && dst.equals("10.0.0.2")) {
                    dst = "2001:db8:1234::2";
                }
                sport = 1024 + r.nextInt(64000);
                dport = r.nextInt(4) == 0 ? 123 : 53;
                proto = 17;
                flags = 0;
            } else { // TCP sessions, either direction
                boolean inbound = r.nextBoolean();
                int service = TCP_PORTS[r.nextInt(TCP_PORTS.length)];
                int eph = 32768 + r.nextInt(28000);
                src = inbound ? remote : local;
                dst = inbound ? local : remote;
                sport = inbound ? eph : service;
                dport = inbound ? service : eph;
                proto = 6;
                flags = new int[] {2, 18, 19, 3, 27, 1, 4}[r.nextInt(7)];
            }
            int packets = proto == 6 && action.equals("REJECT") ? 1 + r.nextInt(3) : 1 + r.nextInt(2000);
            long bytes = packets * (40L + r.nextInt(1460));
            sb.append(src).append(' ').append(dst).append(' ').append(sport).append(' ').append(dport).append(' ')
                    .append(proto).append(' ').append(packets).append(' ').append(bytes).append(' ')
                    .append(start).append(' ').append(end).append(' ').append(action).append(" OK");
            appendV5(sb, r, eni, src, dst, flags, src.equals(remote) ? 0 : 1);
            sb.append('\n');
            if (sb.length() > 200_000) {
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                sb.setLength(0);
            }
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The version 3-5 fields after log-status; direction 0 = ingress, 1 = egress, -1 = none (NODATA). */
    private void appendV5(StringBuilder sb, SplittableRandom r, int eni, String src, String dst, int flags,
                          int direction) {
        if (format != Format.V5) {
            return;
        }
        sb.append(" vpc-0a1b2c3d4e5f60718 subnet-0").append(Integer.toHexString(0x1000000 + eni % 8)).append("abcdef00")
                .append(eni % 3 == 0 ? " -" : " i-0" + Long.toHexString(0xabc0000000000L + eni));
        if (direction < 0) {
            sb.append(" - - - - eu-west-1 euw1-az").append(1 + eni % 3).append(" - - - - - -");
            return;
        }
        sb.append(' ').append(flags).append(src.indexOf(':') >= 0 ? " IPv6 " : " IPv4 ").append(src).append(' ').append(dst)
                .append(" eu-west-1 euw1-az").append(1 + eni % 3).append(" - - ")
                .append(direction == 0 ? SERVICES[r.nextInt(SERVICES.length)] : "-").append(' ')
                .append(direction == 1 ? SERVICES[r.nextInt(SERVICES.length)] : "-")
                .append(direction == 0 ? " ingress -" : " egress " + (1 + r.nextInt(8)));
    }
}
