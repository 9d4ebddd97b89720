package io.siemflink.parsers.vpcflow;

import io.siemflink.parsers.event.Ecs;
import io.siemflink.parsers.event.Field;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mapping of VPC and Transit Gateway flow log fields (their names in a log format / header line) to ECS
 * fields, as data: one row per AWS field with a converter kind and its target fields. Names follow Elastic's
 * AWS integration (data stream {@code vpcflow}). Fields AWS adds later and that are not listed here pass
 * through as keywords under {@code aws.vpcflow.<name_with_underscores>}.
 */
final class VpcFields {
    private VpcFields() {
    }

    /** How a column's text becomes values. */
    enum Kind {
        /** The text as a string into every target. */
        KEYWORD,
        /** A non-negative integer into every target. */
        LONG,
        /** Epoch seconds into every target as a timestamp. */
        EPOCH,
        /** targets: address, ip (ip only when the text is an IPv4/IPv6 address); feeds related.ip, network.type. */
        SOURCE_IP,
        DESTINATION_IP,
        /** IANA protocol number: the number as a string, plus network.transport. */
        PROTOCOL,
        /** ACCEPT / REJECT: the text, plus event.outcome and event.type allowed/denied. */
        ACTION,
        /** The TCP flags bit mask: the text, plus aws.vpcflow.tcp_flags_array. */
        TCP_FLAGS
    }

    record Spec(String name, Kind kind, Field[] targets) {
    }

    static final String PREFIX = "aws.vpcflow.";

    // Fields the parser derives or sets on every event (besides the targets of the table below).
    static final Field EVENT_REASON = Field.of("event.reason");
    static final Field SOURCE_BYTES = Field.of("source.bytes");
    static final Field SOURCE_PACKETS = Field.of("source.packets");
    static final Field NETWORK_BYTES = Field.of("network.bytes");
    static final Field NETWORK_PACKETS = Field.of("network.packets");
    static final Field NETWORK_DIRECTION = Field.of("network.direction");
    static final Field CLOUD_AZ = Field.of("cloud.availability_zone");
    static final Field CLOUD_INSTANCE_ID = Field.of("cloud.instance.id");
    static final Field TCP_FLAGS_ARRAY = Field.of(PREFIX + "tcp_flags_array");
    static final Field ACTION = Field.of(PREFIX + "action");

    private static final Map<String, Spec> KNOWN = new HashMap<>();

    static {
        // version 2 (the default format, in this order)
        row("version", Kind.KEYWORD, PREFIX + "version");
        row("account-id", Kind.KEYWORD, PREFIX + "account_id", Ecs.CLOUD_ACCOUNT_ID.name());
        row("interface-id", Kind.KEYWORD, PREFIX + "interface_id");
        row("srcaddr", Kind.SOURCE_IP, Ecs.SOURCE_ADDRESS.name(), Ecs.SOURCE_IP.name());
        row("dstaddr", Kind.DESTINATION_IP, Ecs.DESTINATION_ADDRESS.name(), Ecs.DESTINATION_IP.name());
        row("srcport", Kind.LONG, Ecs.SOURCE_PORT.name());
        row("dstport", Kind.LONG, Ecs.DESTINATION_PORT.name());
        row("protocol", Kind.PROTOCOL, Ecs.NETWORK_IANA_NUMBER.name());
        row("packets", Kind.LONG, SOURCE_PACKETS.name(), NETWORK_PACKETS.name());
        row("bytes", Kind.LONG, SOURCE_BYTES.name(), NETWORK_BYTES.name());
        row("start", Kind.EPOCH, Ecs.EVENT_START.name());
        row("end", Kind.EPOCH, Ecs.TIMESTAMP.name(), Ecs.EVENT_END.name());
        row("action", Kind.ACTION, ACTION.name(), Ecs.EVENT_ACTION.name());
        row("log-status", Kind.KEYWORD, PREFIX + "log_status");
        // version 3
        row("vpc-id", Kind.KEYWORD, PREFIX + "vpc_id");
        row("subnet-id", Kind.KEYWORD, PREFIX + "subnet_id");
        row("instance-id", Kind.KEYWORD, PREFIX + "instance_id", CLOUD_INSTANCE_ID.name());
        row("tcp-flags", Kind.TCP_FLAGS, PREFIX + "tcp_flags");
        row("type", Kind.KEYWORD, PREFIX + "type");
        row("pkt-srcaddr", Kind.KEYWORD, PREFIX + "pkt_srcaddr");
        row("pkt-dstaddr", Kind.KEYWORD, PREFIX + "pkt_dstaddr");
        // version 4
        row("region", Kind.KEYWORD, Ecs.CLOUD_REGION.name());
        row("az-id", Kind.KEYWORD, CLOUD_AZ.name());
        row("sublocation-type", Kind.KEYWORD, PREFIX + "sublocation.type");
        row("sublocation-id", Kind.KEYWORD, PREFIX + "sublocation.id");
        // version 5
        row("pkt-src-aws-service", Kind.KEYWORD, PREFIX + "pkt_src_service");
        row("pkt-dst-aws-service", Kind.KEYWORD, PREFIX + "pkt_dst_service");
        row("flow-direction", Kind.KEYWORD, NETWORK_DIRECTION.name());
        row("traffic-path", Kind.KEYWORD, PREFIX + "traffic_path");
        // version 7: ECS. Elastic's versions disagree on the cluster ARN (aws.vpcflow.ecs_cluster_arn or
        // orchestrator.cluster.id): we write both.
        row("ecs-cluster-arn", Kind.KEYWORD, PREFIX + "ecs_cluster_arn", "orchestrator.cluster.id");
        row("ecs-cluster-name", Kind.KEYWORD, "orchestrator.cluster.name");
        row("ecs-container-instance-arn", Kind.KEYWORD, "orchestrator.resource.name");
        row("ecs-container-instance-id", Kind.KEYWORD, "orchestrator.resource.id");
        row("ecs-container-id", Kind.KEYWORD, PREFIX + "ecs_container_id");
        row("ecs-second-container-id", Kind.KEYWORD, PREFIX + "ecs_second_container_id");
        row("ecs-service-name", Kind.KEYWORD, "service.name");
        row("ecs-task-definition-arn", Kind.KEYWORD, PREFIX + "ecs_task_definition_arn");
        row("ecs-task-arn", Kind.KEYWORD, PREFIX + "ecs_task_arn");
        row("ecs-task-id", Kind.KEYWORD, PREFIX + "ecs_task_id");
        // version 8 and later
        row("reject-reason", Kind.KEYWORD, EVENT_REASON.name());
        row("resource-id", Kind.KEYWORD, PREFIX + "resource_id");
        row("encryption-status", Kind.KEYWORD, PREFIX + "encryption_status");
        // Transit Gateway flow logs
        row("resource-type", Kind.KEYWORD, PREFIX + "resource_type");
        for (String tgw : List.of("tgw-id", "tgw-attachment-id", "tgw-src-vpc-account-id", "tgw-dst-vpc-account-id",
                "tgw-src-vpc-id", "tgw-dst-vpc-id", "tgw-src-subnet-id", "tgw-dst-subnet-id", "tgw-src-eni",
                "tgw-dst-eni", "tgw-src-az-id", "tgw-dst-az-id", "tgw-pair-attachment-id")) {
            row(tgw, Kind.KEYWORD, PREFIX + tgw.replace('-', '_'));
        }
        for (String lost : List.of("packets-lost-no-route", "packets-lost-blackhole", "packets-lost-mtu-exceeded",
                "packets-lost-ttl-expired")) {
            row(lost, Kind.LONG, PREFIX + lost.replace('-', '_'));
        }
    }

    private static void row(String name, Kind kind, String... targets) {
        Field[] fs = new Field[targets.length];
        for (int i = 0; i < targets.length; i++) {
            fs[i] = Field.of(targets[i]);
        }
        if (KNOWN.put(name, new Spec(name, kind, fs)) != null) {
            throw new IllegalStateException("duplicate row " + name);
        }
    }

    static boolean isKnown(String name) {
        return KNOWN.containsKey(name);
    }

    /**
     * The mapping of a field name (dash form); an unknown but well-formed name passes through as a keyword.
     *
     * @throws IllegalArgumentException when the name is not a possible field name
     */
    static Spec spec(String name) {
        Spec s = KNOWN.get(name);
        if (s != null) {
            return s;
        }
        if (!isFieldName(name)) {
            throw new IllegalArgumentException("invalid field name '" + name + "'");
        }
        return new Spec(name, Kind.KEYWORD, new Field[] {Field.of(PREFIX + name.replace('-', '_'))});
    }

    /** Lower-case letters, digits and dashes, at most 64, starting with a letter. */
    static boolean isFieldName(CharSequence s) {
        int n = s.length();
        if (n == 0 || n > 64 || s.charAt(0) < 'a' || s.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** IANA protocol number -> ECS network.transport (lower-case IANA keyword), for the protocols seen in VPCs. */
    static final String[] TRANSPORT = new String[256];

    static {
        TRANSPORT[0] = "hopopt";
        TRANSPORT[1] = "icmp";
        TRANSPORT[2] = "igmp";
        TRANSPORT[4] = "ipv4";
        TRANSPORT[6] = "tcp";
        TRANSPORT[8] = "egp";
        TRANSPORT[17] = "udp";
        TRANSPORT[41] = "ipv6";
        TRANSPORT[47] = "gre";
        TRANSPORT[50] = "esp";
        TRANSPORT[51] = "ah";
        TRANSPORT[58] = "ipv6-icmp";
        TRANSPORT[89] = "ospf";
        TRANSPORT[103] = "pim";
        TRANSPORT[112] = "vrrp";
        TRANSPORT[115] = "l2tp";
        TRANSPORT[132] = "sctp";
        TRANSPORT[136] = "udplite";
    }

    /** TCP flag bits in the order Elastic lists them. */
    private static final String[] FLAG_NAMES = {"fin", "syn", "rst", "psh", "ack", "urg"};

    /** tcp_flags_array for each value of the low six bits; null when none is set. Shared immutable lists. */
    static final List<String>[] FLAG_ARRAYS = flagArrays();

    @SuppressWarnings("unchecked")
    private static List<String>[] flagArrays() {
        List<String>[] out = new List[64];
        for (int v = 1; v < 64; v++) {
            java.util.ArrayList<String> l = new java.util.ArrayList<>();
            for (int b = 0; b < FLAG_NAMES.length; b++) {
                if ((v & (1 << b)) != 0) {
                    l.add(FLAG_NAMES[b]);
                }
            }
            out[v] = List.copyOf(l);
        }
        return out;
    }
}
