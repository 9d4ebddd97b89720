package io.siemflink.detect.window;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siemflink.detect.Severity;
import io.siemflink.parsers.LogType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The windowed detections shipped with the pipeline, with their default thresholds and where those come from
 * (docs/DETECTIONS.md lists them). Each rule reads one log family; {@link #CORRELATION} reads findings.
 */
public final class BuiltinRules {
    private BuiltinRules() {
    }

    public static final String BRUTE_FORCE = "console-login-brute-force";
    public static final String BRUTE_FORCE_SUCCESS = "console-login-success-after-brute-force";
    public static final String PASSWORD_SPRAY = "console-login-password-spraying";
    public static final String PORT_SCAN = "vpc-vertical-port-scan";
    public static final String HOST_SWEEP = "vpc-horizontal-host-sweep";
    public static final String REJECT_BURST = "vpc-rejected-traffic-burst";
    public static final String EGRESS_VOLUME = "vpc-unusual-egress-volume";
    public static final String CONTENT_DISCOVERY = "elb-content-discovery";
    public static final String ERROR_BURST = "elb-5xx-burst";
    public static final String SECRET_HARVEST = "cloudtrail-secret-harvesting";
    public static final String INSTANCE_HARVEST = "cloudtrail-instance-secret-harvesting";
    public static final String CORRELATION = "cross-source-entity";
    /** The group of the rules about one external source's flows (rejected burst, port scan, host sweep). */
    public static final String EXTERNAL_SOURCE = "vpc-external-source";

    /** {@link SignalGroup.Member#flag}s of {@link #EXTERNAL_SOURCE}: a rejected flow, a failed connection attempt. */
    static final int REJECTED = 1;
    static final int ATTEMPT = 2;
    /** The members of {@link #EXTERNAL_SOURCE} (before the rules, which also run them alone: see {@link #alone}). */
    private static final SignalGroup.Member BURST = new SignalGroup.Member(REJECT_BURST, REJECTED, BuiltinRules::rejected);
    private static final SignalGroup.Member SCAN = new SignalGroup.Member(PORT_SCAN, ATTEMPT, BuiltinRules::portScan);
    private static final SignalGroup.Member SWEEP = new SignalGroup.Member(HOST_SWEEP, ATTEMPT, BuiltinRules::hostSweep);

    private static final List<WindowRule> DEFAULTS = List.of(
            // Panther's AWS.Console.LoginFailed / brute force by IP: 5 failures, 15 min dedup window.
            new WindowRule(BRUTE_FORCE, "Console login brute force",
                    "Many failed AWS console logins from one source address.", Severity.MEDIUM,
                    List.of("T1110"), List.of("credential-access"), "cloudtrail", "ip", WindowRule.Kind.COUNT, 5,
                    Duration.ofMinutes(15), "failed console logins", BuiltinRules::failedLogins),
            new WindowRule(BRUTE_FORCE_SUCCESS, "Console login success after brute force",
                    "A successful AWS console login from a source address that just failed many times.", Severity.HIGH,
                    List.of("T1110", "T1078.004"), List.of("credential-access", "initial-access"), "cloudtrail", "ip",
                    WindowRule.Kind.FAILURES_THEN_SUCCESS, 5, Duration.ofMinutes(15), "failed console logins",
                    BuiltinRules::loginsWithOutcome),
            new WindowRule(PASSWORD_SPRAY, "Console password spraying",
                    "Failed AWS console logins for many distinct users from one source address.", Severity.HIGH,
                    List.of("T1110.003"), List.of("credential-access"), "cloudtrail", "ip", WindowRule.Kind.DISTINCT, 5,
                    Duration.ofMinutes(15), "distinct users with failed console logins", BuiltinRules::failedLoginUsers),
            // Ours: a workload reads its few secrets at start or on rotation; a tool that harvests credentials reads
            // every secret or decrypted parameter it can list (Stratus Red Team's techniques read 10 to 20 at once).
            new WindowRule(SECRET_HARVEST, "Secrets harvesting",
                    "One principal reading many distinct Secrets Manager secrets or decrypted SSM parameters.",
                    Severity.MEDIUM, List.of("T1555.006"), List.of("credential-access"), "cloudtrail", "principal",
                    WindowRule.Kind.DISTINCT, 10, Duration.ofMinutes(10), "distinct secrets and parameters read",
                    BuiltinRules::secretsRead),
            // SigmaHQ's aws_ec2_download_userdata: more than 10 user-data reads within 30 min (an aggregation our
            // Sigma engine rejects), here per principal and over distinct instances, Windows password data included.
            // Asset inventories (SigmaHQ names device42) read every instance: raise the threshold or exclude them.
            new WindowRule(INSTANCE_HARVEST, "Instance secrets harvesting",
                    "One principal asking for the Windows password data or the user data of many distinct EC2"
                            + " instances (allowed or denied).", Severity.MEDIUM, List.of("T1552"),
                    List.of("credential-access"), "cloudtrail", "principal", WindowRule.Kind.DISTINCT, 11,
                    Duration.ofMinutes(30), "distinct instances asked for password or user data",
                    BuiltinRules::instanceSecretsAsked),
            // Zeek's scan.zeek: port_scan_threshold 15 within 5 min, addr_scan_threshold 25 within 5 min, counting
            // failed connection attempts only (see failedAttempt).
            new WindowRule(PORT_SCAN, "Vertical port scan",
                    "One external source failing to connect to many ports of one host (rejected flows, or accepted TCP"
                            + " flows of at most 3 packets: no data exchanged).", Severity.MEDIUM,
                    List.of("T1046"), List.of("discovery"), "vpcflow", "ip", WindowRule.Kind.DISTINCT, 15,
                    Duration.ofMinutes(5), "distinct destination ports", alone(SCAN)),
            new WindowRule(HOST_SWEEP, "Horizontal host sweep",
                    "One external source failing to connect to the same port on many hosts (rejected flows, or"
                            + " accepted TCP flows of at most 3 packets).", Severity.MEDIUM,
                    List.of("T1046"), List.of("discovery"), "vpcflow", "ip", WindowRule.Kind.DISTINCT, 25,
                    Duration.ofMinutes(5), "distinct destination hosts", alone(SWEEP)),
            new WindowRule(REJECT_BURST, "Rejected traffic burst",
                    "Many rejected flows from one external source.", Severity.LOW,
                    List.of("T1595"), List.of("reconnaissance"), "vpcflow", "ip", WindowRule.Kind.COUNT, 100,
                    Duration.ofMinutes(5), "rejected flows", alone(BURST)),
            new WindowRule(EGRESS_VOLUME, "Unusual egress volume",
                    "An internal host sending a large volume to external addresses.", Severity.MEDIUM,
                    List.of("T1048"), List.of("exfiltration"), "vpcflow", "ip", WindowRule.Kind.SUM, 1L << 30,
                    Duration.ofMinutes(15), "bytes sent to external addresses", BuiltinRules::egress),
            new WindowRule(CONTENT_DISCOVERY, "Web content discovery",
                    "One client receiving 4xx responses for many distinct paths (a scanner or forced browsing).",
                    Severity.MEDIUM, List.of("T1595.003"), List.of("reconnaissance"), "elb", "ip",
                    WindowRule.Kind.DISTINCT, 50, Duration.ofMinutes(5), "distinct paths answered 4xx",
                    BuiltinRules::clientErrors),
            new WindowRule(ERROR_BURST, "Load balancer 5xx burst",
                    "Many 5xx responses from one load balancer.", Severity.LOW,
                    List.of("T1499"), List.of("impact"), "elb", "load_balancer", WindowRule.Kind.COUNT, 50,
                    Duration.ofMinutes(5), "5xx responses", BuiltinRules::serverErrors),
            new WindowRule(CORRELATION, "Same entity flagged in several sources",
                    "An address or principal has findings from different log families within the window.",
                    Severity.HIGH, List.of(), List.of(), "correlation", "entity", WindowRule.Kind.CORRELATION, 2,
                    Duration.ofHours(1), "log families with findings", (v, r, out) -> { }));

    private static final List<SignalGroup> GROUPS = List.of(
            new SignalGroup(EXTERNAL_SOURCE, "vpcflow", BuiltinRules::fromExternalSource, List.of(BURST, SCAN, SWEEP)));

    /** The groups the job and the batch runner use (their members' own extractors give the same findings). */
    public static List<SignalGroup> groups() {
        return GROUPS;
    }

    /** Signal extraction for the configured rules, grouped. */
    public static SignalExtraction extraction(DetectionSettings settings) {
        return new SignalExtraction(eventRules(settings), groups());
    }

    /** The evaluator of the configured rules' (and groups') signals. */
    public static WindowEvaluator evaluator(DetectionSettings settings) {
        return new WindowEvaluator(configured(settings), groups(), settings.maxSignalsPerEntity());
    }

    public static Set<String> ids() {
        return DEFAULTS.stream().map(WindowRule::id).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    public static List<WindowRule> defaults() {
        return DEFAULTS;
    }

    /** The rules with the configured thresholds and windows, without the disabled ones. */
    public static List<WindowRule> configured(DetectionSettings settings) {
        List<WindowRule> out = new ArrayList<>();
        for (WindowRule r : DEFAULTS) {
            DetectionSettings.RuleOverride o = settings.overrides().get(r.id());
            if (o == null) {
                out.add(r);
            } else if (!Boolean.FALSE.equals(o.enabled())) {
                out.add(r.with(o.threshold() != null ? o.threshold() : r.threshold(),
                        o.window() != null ? o.window() : r.window()));
            }
        }
        return out;
    }

    /** The configured rules that read events: all but the correlation, which reads findings. */
    public static List<WindowRule> eventRules(DetectionSettings settings) {
        return configured(settings).stream().filter(r -> !r.id().equals(CORRELATION)).toList();
    }

    private static Signal signal(SignalView v, String rule, String key) {
        Signal s = new Signal(rule, key, v.time(), v.event().id());
        s.account = v.account();
        return s;
    }

    private static boolean consoleLogin(SignalView v) {
        return v.type() == LogType.CLOUDTRAIL && "ConsoleLogin".equals(v.action()) && v.sourceIp() != null;
    }

    private static void failedLogins(SignalView v, String rule, Consumer<Signal> out) {
        if (consoleLogin(v) && "failure".equals(v.outcome())) {
            Signal s = signal(v, rule, v.sourceIp());
            s.ip = s.key;
            s.user = v.user();
            out.accept(s);
        }
    }

    private static void loginsWithOutcome(SignalView v, String rule, Consumer<Signal> out) {
        if (consoleLogin(v)) {
            String outcome = v.outcome();
            if ("failure".equals(outcome) || "success".equals(outcome)) {
                Signal s = signal(v, rule, v.sourceIp());
                s.ip = s.key;
                s.user = v.user();
                s.success = "success".equals(outcome);
                out.accept(s);
            }
        }
    }

    private static void failedLoginUsers(SignalView v, String rule, Consumer<Signal> out) {
        if (consoleLogin(v) && "failure".equals(v.outcome()) && v.user() != null) {
            Signal s = signal(v, rule, v.sourceIp());
            s.ip = s.key;
            s.user = v.user();
            s.value = s.user;
            out.accept(s);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One signal per secret or decrypted parameter a call reads (GetSecretValue, BatchGetSecretValue, SSM
     * GetParameter(s) and GetParametersByPath with WithDecryption), keyed by the calling principal's ARN. A
     * batch by filter or a path read names no secrets: it counts as one value (the filter or path).
     */
    private static void secretsRead(SignalView v, String rule, Consumer<Signal> out) {
        String action = v.action();
        if (v.type() != LogType.CLOUDTRAIL || action == null || !SECRET_CALLS.contains(action)) {
            return;
        }
        String principal = caller(v);
        JsonNode p = principal == null || "failure".equals(v.outcome()) ? null : requestParameters(v);
        if (p == null) {
            return;
        }
        List<String> values = new ArrayList<>();
        switch (action) {
            case "GetSecretValue" -> values.add(p.path("secretId").asText(null));
            case "BatchGetSecretValue" -> {
                p.path("secretIdList").forEach(n -> values.add(n.asText(null)));
                if (p.has("filters")) {
                    values.add("filters:" + p.get("filters"));
                }
            }
            default -> {
                if (!p.path("withDecryption").asBoolean(false)) {
                    return; // SecureString values stay encrypted
                }
                switch (action) {
                    case "GetParameter" -> values.add(p.path("name").asText(null));
                    case "GetParameters" -> p.path("names").forEach(n -> values.add(n.asText(null)));
                    default -> values.add("path:" + p.path("path").asText(""));
                }
            }
        }
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                out.accept(callerSignal(v, rule, principal, value));
            }
        }
    }

    /**
     * One signal per {@code GetPasswordData} and per {@code DescribeInstanceAttribute} of {@code userData} (user data
     * often carries bootstrap credentials), keyed by the calling principal's ARN, the value being the instance
     * (asking one instance for both counts once). Denied calls count too: a principal probing instance after
     * instance is the finding, whether or not its role allowed it.
     */
    private static void instanceSecretsAsked(SignalView v, String rule, Consumer<Signal> out) {
        String action = v.action();
        if (v.type() != LogType.CLOUDTRAIL || !("GetPasswordData".equals(action)
                || "DescribeInstanceAttribute".equals(action))) {
            return;
        }
        String principal = caller(v);
        JsonNode p = principal == null ? null : requestParameters(v);
        if (p == null) {
            return;
        }
        String instance = p.path("instanceId").asText("");
        if (instance.isEmpty() || "DescribeInstanceAttribute".equals(action)
                && !"userData".equals(p.path("attribute").asText())) {
            return;
        }
        out.accept(callerSignal(v, rule, principal, instance));
    }

    /** The calling principal's ARN, else its user name; null when the event names neither. */
    private static String caller(SignalView v) {
        return v.principal() != null ? v.principal() : v.user();
    }

    /** A CloudTrail call's requestParameters as a JSON tree; null when absent or cut (CloudTrail truncates long ones). */
    private static JsonNode requestParameters(SignalView v) {
        String params = v.requestParameters();
        if (params == null) {
            return null;
        }
        try {
            return JSON.readTree(params);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** A signal of the principal-keyed rules: what the caller touched ({@code value}), from where and as whom. */
    private static Signal callerSignal(SignalView v, String rule, String principal, String value) {
        Signal s = signal(v, rule, principal);
        s.user = v.user();
        s.ip = v.sourceIp();
        s.value = value;
        return s;
    }

    private static final Set<String> SECRET_CALLS = Set.of("GetSecretValue", "BatchGetSecretValue", "GetParameter",
            "GetParameters", "GetParametersByPath");

    /**
     * Packets a client sends in a TCP connection that exchanged no data: SYN, ACK, RST (a connect scan of an open
     * port); a SYN scan sends one or two, a closed port answers the first with a reset.
     */
    static final long MAX_ATTEMPT_PACKETS = 3;

    /**
     * A failed connection attempt, what Zeek's scan detection counts (its is_failed_conn: rejected, reset or
     * unanswered, no data): a flow the security group or network ACL rejected, or an accepted TCP flow too short
     * to have carried data. Completed sessions do not count, so a busy client of many ports or hosts is not a
     * scanner. Flow records are per direction and aggregation interval, so the keep-alives of an idle long-lived
     * connection look short too and count: a limit of what flow logs show.
     */
    private static boolean failedAttempt(SignalView v) {
        String action = v.action();
        if ("REJECT".equals(action)) {
            return true;
        }
        if (!"ACCEPT".equals(action) || !"tcp".equals(v.transport())) {
            return false;
        }
        Long packets = v.sourcePackets();
        return packets != null && packets <= MAX_ATTEMPT_PACKETS;
    }

    /** Port numbers as text, each made once: scan signals carry them as values and in keys, flow after flow. */
    private static final String[] PORT_TEXT = new String[65536];

    static String portText(long port) {
        if (port < 0 || port >= PORT_TEXT.length) {
            return Long.toString(port);
        }
        String t = PORT_TEXT[(int) port];
        if (t == null) { // a race makes an equal string twice: harmless, strings are immutable
            t = Long.toString(port);
            PORT_TEXT[(int) port] = t;
        }
        return t;
    }

    /**
     * The signal of {@link #EXTERNAL_SOURCE}: a flow from an external address that is rejected (any destination;
     * the rejected burst) or a failed attempt on a port of an internal host (the port scan and the host sweep),
     * keyed by the source, with the destination ({@code value}) and its port ({@code amount}) of an attempt, and
     * flags for which of them it counts for.
     */
    private static void fromExternalSource(SignalView v, String group, Consumer<Signal> out) {
        if (v.type() != LogType.VPCFLOW) {
            return;
        }
        String src = v.sourceIp();
        if (src == null || v.sourceInternal()) {
            return;
        }
        int flags = "REJECT".equals(v.action()) ? REJECTED : 0;
        Long port = v.destinationInternal() && failedAttempt(v) ? v.destinationPort() : null;
        if (port != null) {
            flags |= ATTEMPT;
        }
        if (flags != 0) {
            Signal s = signal(v, group, src);
            s.ip = src;
            s.flags = flags;
            if (port != null) {
                s.value = v.destinationIp();
                s.amount = port;
            }
            out.accept(s);
        }
    }

    /** A member's own signal from a group signal: the group's event, time, address and account under its own key. */
    private static Signal member(Signal g, String rule, String key) {
        Signal s = new Signal(rule, key, g.time, g.ref);
        s.ip = g.ip;
        s.account = g.account;
        return s;
    }

    /** The rejected-burst signal of a rejected flow: keyed by the source. */
    private static Signal rejected(Signal g) {
        return member(g, REJECT_BURST, g.key);
    }

    /** The port-scan signal of an attempt: keyed by source and destination host, counting ports. */
    private static Signal portScan(Signal g) {
        Signal s = member(g, PORT_SCAN, g.key + "->" + g.value);
        s.value = portText(g.amount);
        return s;
    }

    /** The host-sweep signal of an attempt: keyed by source and port, counting destination hosts. */
    private static Signal hostSweep(Signal g) {
        Signal s = member(g, HOST_SWEEP, g.key + "->*:" + portText(g.amount));
        s.value = g.value;
        return s;
    }

    /**
     * A member of {@link #EXTERNAL_SOURCE} on its own (no groups: each rule's signals keyed and evaluated apart): the
     * group's signal for the flow when it counts for the member, turned into the member's own. One definition of
     * what each rule looks at, whether the rules run grouped or not.
     */
    private static SignalExtractor alone(SignalGroup.Member m) {
        return (v, rule, out) -> fromExternalSource(v, EXTERNAL_SOURCE, g -> {
            if ((g.flags & m.flag()) != 0) {
                out.accept(m.derive().apply(g));
            }
        });
    }

    private static void egress(SignalView v, String rule, Consumer<Signal> out) {
        if (v.type() == LogType.VPCFLOW && "ACCEPT".equals(v.action()) && v.sourceInternal()
                && v.destinationIp() != null && !v.destinationInternal()) {
            Long bytes = v.sourceBytes();
            if (bytes != null && bytes > 0) {
                Signal s = signal(v, rule, v.sourceIp());
                s.ip = s.key;
                s.amount = bytes;
                out.accept(s);
            }
        }
    }

    private static void clientErrors(SignalView v, String rule, Consumer<Signal> out) {
        if (v.type() == LogType.ELB) {
            Long status = v.status();
            if (status != null && status >= 400 && status < 500 && v.sourceIp() != null) {
                Signal s = signal(v, rule, v.sourceIp());
                s.ip = s.key;
                s.value = v.path() == null ? "" : v.path();
                out.accept(s);
            }
        }
    }

    private static void serverErrors(SignalView v, String rule, Consumer<Signal> out) {
        if (v.type() == LogType.ELB) {
            Long status = v.status();
            if (status != null && status >= 500 && status < 600) {
                String lb = v.loadBalancer();
                if (lb != null) {
                    Signal s = signal(v, rule, lb);
                    s.ip = v.sourceIp();
                    out.accept(s);
                }
            }
        }
    }
}
