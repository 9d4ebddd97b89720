package io.siemflink.parsers.vpcflow;

import io.siemflink.parsers.event.Ecs;
import io.siemflink.parsers.event.Field;
import io.siemflink.parsers.vpcflow.VpcFields.Kind;
import io.siemflink.parsers.vpcflow.VpcFields.Spec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A flow log format compiled once into a plan: for each column its converter and the value slots it fills.
 * Slots are numbered in the order the JSON writer sorts fields, so an event is filled in sorted order and the
 * writer's insertion sort has nothing to do.
 */
final class VpcFormat {
    /** The standard formats that Elastic recognises by field count (for lines without a header). */
    static final String V2_DEFAULT = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets"
            + " bytes start end action log-status";
    static final String V5_ALL = V2_DEFAULT + " vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr"
            + " region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction"
            + " traffic-path";
    static final String V7_ECS = V5_ALL + " ecs-cluster-arn ecs-cluster-name ecs-container-instance-arn"
            + " ecs-container-instance-id ecs-container-id ecs-second-container-id ecs-service-name"
            + " ecs-task-definition-arn ecs-task-arn ecs-task-id";
    static final String V8_REJECT = V7_ECS + " reject-reason";
    static final String TGW_DEFAULT = "version resource-type account-id tgw-id tgw-attachment-id tgw-src-vpc-account-id"
            + " tgw-dst-vpc-account-id tgw-src-vpc-id tgw-dst-vpc-id tgw-src-subnet-id tgw-dst-subnet-id tgw-src-eni"
            + " tgw-dst-eni tgw-src-az-id tgw-dst-az-id tgw-pair-attachment-id srcaddr dstaddr srcport dstport protocol"
            + " packets bytes start end log-status type packets-lost-no-route packets-lost-blackhole"
            + " packets-lost-mtu-exceeded packets-lost-ttl-expired tcp-flags region flow-direction pkt-src-aws-service"
            + " pkt-dst-aws-service";
    /** AWS user guide examples that Elastic also recognises. */
    static final String DOC_EXAMPLE_6 = "instance-id interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr";
    static final String DOC_EXAMPLE_17 = "version interface-id account-id vpc-id subnet-id instance-id srcaddr dstaddr"
            + " srcport dstport protocol tcp-flags type pkt-srcaddr pkt-dstaddr action log-status";
    static final String DOC_EXAMPLE_21 = "version vpc-id subnet-id instance-id interface-id account-id type srcaddr"
            + " dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags"
            + " log-status";

    private static final VpcFormat[] BY_COUNT = new VpcFormat[41];

    static {
        for (String[] f : new String[][] {
                {V2_DEFAULT, "default format (version 2)"},
                {V5_ALL, "all version 5 fields"},
                {V7_ECS, "version 5 and version 7 (ECS) fields"},
                {V8_REJECT, "version 5, 7 (ECS) and 8 (reject-reason) fields"},
                {TGW_DEFAULT, "Transit Gateway default format"},
                {DOC_EXAMPLE_6, "AWS user guide example format (6 fields)"},
                {DOC_EXAMPLE_17, "AWS user guide example format (17 fields)"},
                {DOC_EXAMPLE_21, "AWS user guide example format (21 fields)"}}) {
            VpcFormat v = parse(f[0], f[1]);
            if (BY_COUNT[v.columns()] != null) {
                throw new IllegalStateException("two standard formats with " + v.columns() + " fields");
            }
            BY_COUNT[v.columns()] = v;
        }
    }

    /** The standard format with this many fields, or null. */
    static VpcFormat byCount(int fields) {
        return fields >= 0 && fields < BY_COUNT.length ? BY_COUNT[fields] : null;
    }

    final String description;
    final String[] names;
    /** Per column: converter and slot indices of its targets. */
    final Kind[] kinds;
    final int[][] colSlots;
    /** All fields an event of this format can carry, in writer order; index = slot. */
    final Field[] slotFields;

    // Slots of derived and constant fields.
    final int sTimestamp;
    final int sEcsVersion;
    final int sEventKind;
    final int sEventCategory;
    final int sEventType;
    final int sEventOutcome;
    final int sEventDataset;
    final int sEventModule;
    final int sEventOriginal;
    final int sCloudProvider;
    final int sCloudAccount;
    final int sCloudRegion;
    final int sNetworkTransport;
    final int sNetworkType;
    final int sRelatedIp;
    final int sTcpFlagsArray;
    /** Slot of event.start, or -1 when the format has no start column. */
    final int sEventStart;

    private VpcFormat(String description, String[] names) {
        this.description = description;
        this.names = names;
        int n = names.length;
        Spec[] specs = new Spec[n];
        Set<String> seen = new HashSet<>();
        Set<Field> all = new LinkedHashSet<>(List.of(Ecs.TIMESTAMP, Ecs.ECS_VERSION, Ecs.EVENT_KIND,
                Ecs.EVENT_CATEGORY, Ecs.EVENT_TYPE, Ecs.EVENT_OUTCOME, Ecs.EVENT_DATASET, Ecs.EVENT_MODULE,
                Ecs.EVENT_ORIGINAL, Ecs.CLOUD_PROVIDER, Ecs.CLOUD_ACCOUNT_ID, Ecs.CLOUD_REGION,
                Ecs.NETWORK_TRANSPORT, Ecs.NETWORK_TYPE, Ecs.RELATED_IP, VpcFields.TCP_FLAGS_ARRAY));
        for (int i = 0; i < n; i++) {
            if (!seen.add(names[i])) {
                throw new IllegalArgumentException("field '" + names[i] + "' appears twice");
            }
            specs[i] = VpcFields.spec(names[i]);
            all.addAll(Arrays.asList(specs[i].targets()));
        }
        List<Field> sorted = new ArrayList<>(all);
        sorted.sort(null);
        slotFields = sorted.toArray(new Field[0]);
        Map<Field, Integer> slot = new IdentityHashMap<>();
        for (int i = 0; i < slotFields.length; i++) {
            slot.put(slotFields[i], i);
        }
        kinds = new Kind[n];
        colSlots = new int[n][];
        for (int i = 0; i < n; i++) {
            kinds[i] = specs[i].kind();
            Field[] t = specs[i].targets();
            colSlots[i] = new int[t.length];
            for (int j = 0; j < t.length; j++) {
                colSlots[i][j] = slot.get(t[j]);
            }
        }
        sTimestamp = slot.get(Ecs.TIMESTAMP);
        sEcsVersion = slot.get(Ecs.ECS_VERSION);
        sEventKind = slot.get(Ecs.EVENT_KIND);
        sEventCategory = slot.get(Ecs.EVENT_CATEGORY);
        sEventType = slot.get(Ecs.EVENT_TYPE);
        sEventOutcome = slot.get(Ecs.EVENT_OUTCOME);
        sEventDataset = slot.get(Ecs.EVENT_DATASET);
        sEventModule = slot.get(Ecs.EVENT_MODULE);
        sEventOriginal = slot.get(Ecs.EVENT_ORIGINAL);
        sCloudProvider = slot.get(Ecs.CLOUD_PROVIDER);
        sCloudAccount = slot.get(Ecs.CLOUD_ACCOUNT_ID);
        sCloudRegion = slot.get(Ecs.CLOUD_REGION);
        sNetworkTransport = slot.get(Ecs.NETWORK_TRANSPORT);
        sNetworkType = slot.get(Ecs.NETWORK_TYPE);
        sRelatedIp = slot.get(Ecs.RELATED_IP);
        sTcpFlagsArray = slot.get(VpcFields.TCP_FLAGS_ARRAY);
        sEventStart = slot.getOrDefault(Ecs.EVENT_START, -1);
    }

    int columns() {
        return names.length;
    }

    /**
     * Compiles a format given as field names separated by spaces, as in a flow log's LogFormat
     * ({@code ${version} ${account-id}}), a header line ({@code version account-id}) or with underscores
     * ({@code account_id}).
     *
     * @throws IllegalArgumentException for an empty format, a malformed or repeated name
     */
    static VpcFormat parse(String format, String description) {
        List<String> names = new ArrayList<>();
        for (String tok : format.trim().split("\\s+")) {
            if (tok.isEmpty()) {
                continue;
            }
            names.add(normalise(tok));
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("empty format");
        }
        return new VpcFormat(description, names.toArray(new String[0]));
    }

    /** Compiles a header line's names (already split). */
    static VpcFormat ofHeader(List<String> names) {
        String[] ns = new String[names.size()];
        for (int i = 0; i < ns.length; i++) {
            ns[i] = normalise(names.get(i));
        }
        return new VpcFormat("header line", ns);
    }

    static String normalise(String tok) {
        String t = tok;
        if (t.startsWith("${") && t.endsWith("}")) {
            t = t.substring(2, t.length() - 1);
        }
        t = t.replace('_', '-');
        if (!VpcFields.isFieldName(t)) {
            throw new IllegalArgumentException("invalid field name '" + tok + "'");
        }
        return t;
    }

    @Override
    public String toString() {
        return description + " (" + names.length + " fields)";
    }
}
