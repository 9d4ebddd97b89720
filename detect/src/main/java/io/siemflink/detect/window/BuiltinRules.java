package io.siemflink.detect.window;

import io.siemflink.detect.Severity;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.Field;
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
    public static final String CORRELATION = "cross-source-entity";

    private static final Field ACTION = Field.of("event.action");
    private static final Field OUTCOME = Field.of("event.outcome");
    private static final Field SOURCE_IP = Field.of("source.ip");
    private static final Field DEST_IP = Field.of("destination.ip");
    private static final Field DEST_PORT = Field.of("destination.port");
    private static final Field SOURCE_BYTES = Field.of("source.bytes");
    private static final Field USER = Field.of("user.name");
    private static final Field ACCOUNT = Field.of("cloud.account.id");
    private static final Field STATUS = Field.of("http.response.status_code");
    private static final Field PATH = Field.of("url.path");
    private static final Field ELB_NAME = Field.of("aws.elb.name");

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
            // Zeek's scan.zeek: port_scan_threshold 15 within 5 min, addr_scan_threshold 25 within 5 min.
            new WindowRule(PORT_SCAN, "Vertical port scan",
                    "One external source reaching many ports of one host (accepted or rejected flows).", Severity.MEDIUM,
                    List.of("T1046"), List.of("discovery"), "vpcflow", "ip", WindowRule.Kind.DISTINCT, 15,
                    Duration.ofMinutes(5), "distinct destination ports", BuiltinRules::portScan),
            new WindowRule(HOST_SWEEP, "Horizontal host sweep",
                    "One external source reaching the same port on many hosts.", Severity.MEDIUM,
                    List.of("T1046"), List.of("discovery"), "vpcflow", "ip", WindowRule.Kind.DISTINCT, 25,
                    Duration.ofMinutes(5), "distinct destination hosts", BuiltinRules::hostSweep),
            new WindowRule(REJECT_BURST, "Rejected traffic burst",
                    "Many rejected flows from one external source.", Severity.LOW,
                    List.of("T1595"), List.of("reconnaissance"), "vpcflow", "ip", WindowRule.Kind.COUNT, 100,
                    Duration.ofMinutes(5), "rejected flows", BuiltinRules::rejected),
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
                    Duration.ofHours(1), "log families with findings", (e, r, out) -> { }));

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

    private static Signal signal(Event e, String rule, String key) {
        Signal s = new Signal(rule, key, e.timestamp() == null ? 0 : e.timestamp().toEpochMilli(), e.id());
        s.account = e.getString(ACCOUNT);
        return s;
    }

    private static boolean consoleLogin(Event e) {
        return e.type() == LogType.CLOUDTRAIL && "ConsoleLogin".equals(e.getString(ACTION)) && e.has(SOURCE_IP);
    }

    private static void failedLogins(Event e, String rule, Consumer<Signal> out) {
        if (consoleLogin(e) && "failure".equals(e.getString(OUTCOME))) {
            Signal s = signal(e, rule, e.getString(SOURCE_IP));
            s.ip = s.key;
            s.user = e.getString(USER);
            out.accept(s);
        }
    }

    private static void loginsWithOutcome(Event e, String rule, Consumer<Signal> out) {
        if (consoleLogin(e)) {
            String outcome = e.getString(OUTCOME);
            if ("failure".equals(outcome) || "success".equals(outcome)) {
                Signal s = signal(e, rule, e.getString(SOURCE_IP));
                s.ip = s.key;
                s.user = e.getString(USER);
                s.success = "success".equals(outcome);
                out.accept(s);
            }
        }
    }

    private static void failedLoginUsers(Event e, String rule, Consumer<Signal> out) {
        if (consoleLogin(e) && "failure".equals(e.getString(OUTCOME)) && e.has(USER)) {
            Signal s = signal(e, rule, e.getString(SOURCE_IP));
            s.ip = s.key;
            s.user = e.getString(USER);
            s.value = s.user;
            out.accept(s);
        }
    }

    /** A flow from an external address to an internal one: the direction scans come from. */
    private static boolean inbound(Event e) {
        return e.type() == LogType.VPCFLOW && !Networks.isInternal(e.getString(SOURCE_IP))
                && Networks.isInternal(e.getString(DEST_IP));
    }

    private static void portScan(Event e, String rule, Consumer<Signal> out) {
        Long port = e.getLong(DEST_PORT);
        if (port != null && inbound(e)) {
            String src = e.getString(SOURCE_IP);
            Signal s = signal(e, rule, src + "->" + e.getString(DEST_IP));
            s.ip = src;
            s.value = port.toString();
            out.accept(s);
        }
    }

    private static void hostSweep(Event e, String rule, Consumer<Signal> out) {
        Long port = e.getLong(DEST_PORT);
        if (port != null && inbound(e)) {
            String src = e.getString(SOURCE_IP);
            Signal s = signal(e, rule, src + "->*:" + port);
            s.ip = src;
            s.value = e.getString(DEST_IP);
            out.accept(s);
        }
    }

    private static void rejected(Event e, String rule, Consumer<Signal> out) {
        if (e.type() == LogType.VPCFLOW && "REJECT".equals(e.getString(ACTION)) && e.has(SOURCE_IP)
                && !Networks.isInternal(e.getString(SOURCE_IP))) {
            Signal s = signal(e, rule, e.getString(SOURCE_IP));
            s.ip = s.key;
            out.accept(s);
        }
    }

    private static void egress(Event e, String rule, Consumer<Signal> out) {
        Long bytes = e.getLong(SOURCE_BYTES);
        if (e.type() == LogType.VPCFLOW && bytes != null && bytes > 0 && "ACCEPT".equals(e.getString(ACTION))
                && Networks.isInternal(e.getString(SOURCE_IP)) && e.has(DEST_IP)
                && !Networks.isInternal(e.getString(DEST_IP))) {
            Signal s = signal(e, rule, e.getString(SOURCE_IP));
            s.ip = s.key;
            s.amount = bytes;
            out.accept(s);
        }
    }

    private static void clientErrors(Event e, String rule, Consumer<Signal> out) {
        Long status = e.getLong(STATUS);
        if (e.type() == LogType.ELB && status != null && status >= 400 && status < 500 && e.has(SOURCE_IP)) {
            Signal s = signal(e, rule, e.getString(SOURCE_IP));
            s.ip = s.key;
            s.value = e.getString(PATH) == null ? "" : e.getString(PATH);
            out.accept(s);
        }
    }

    private static void serverErrors(Event e, String rule, Consumer<Signal> out) {
        Long status = e.getLong(STATUS);
        String lb = e.getString(ELB_NAME);
        if (e.type() == LogType.ELB && status != null && status >= 500 && status < 600 && lb != null) {
            Signal s = signal(e, rule, lb);
            s.ip = e.getString(SOURCE_IP);
            out.accept(s);
        }
    }
}
