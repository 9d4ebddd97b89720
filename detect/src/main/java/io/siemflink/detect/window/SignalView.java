package io.siemflink.detect.window;

import io.siemflink.parsers.LogType;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.Field;
import io.siemflink.parsers.event.Timestamp;

/**
 * What the built-in rules read of one event, each field read at most once: {@link Event#get} scans the event's
 * fields, and the rules of one family read the same few (a VPC flow's addresses, port, action) several times.
 * Whether an address is internal is worked out once per event too. Values are read when a rule first asks, so
 * an event no rule of its family looks at (not a ConsoleLogin, not a 4xx or 5xx) costs one or two reads.
 *
 * <p>{@link #of} makes one for an event; {@link SignalExtraction} reuses one per thread. Not thread-safe.
 */
public final class SignalView {
    static final Field ACTION = Field.of("event.action");
    static final Field OUTCOME = Field.of("event.outcome");
    static final Field SOURCE_IP = Field.of("source.ip");
    static final Field DEST_IP = Field.of("destination.ip");
    static final Field DEST_PORT = Field.of("destination.port");
    static final Field SOURCE_BYTES = Field.of("source.bytes");
    static final Field SOURCE_PACKETS = Field.of("source.packets");
    static final Field TRANSPORT = Field.of("network.transport");
    static final Field USER = Field.of("user.name");
    static final Field ACCOUNT = Field.of("cloud.account.id");
    static final Field STATUS = Field.of("http.response.status_code");
    static final Field PATH = Field.of("url.path");
    static final Field ELB_NAME = Field.of("aws.elb.name");
    static final Field PRINCIPAL = Field.of("aws.cloudtrail.user_identity.arn");
    static final Field REQUEST_PARAMETERS = Field.of("aws.cloudtrail.request_parameters");

    private static final int N_ACTION = 0;
    private static final int N_OUTCOME = 1;
    private static final int N_SOURCE_IP = 2;
    private static final int N_DEST_IP = 3;
    private static final int N_USER = 4;
    private static final int N_ACCOUNT = 5;
    private static final int N_PATH = 6;
    private static final int N_ELB_NAME = 7;
    private static final int N_PRINCIPAL = 8;
    private static final int N_REQUEST_PARAMETERS = 9;
    private static final int N_TRANSPORT = 10;
    private static final Field[] TEXT = {ACTION, OUTCOME, SOURCE_IP, DEST_IP, USER, ACCOUNT, PATH, ELB_NAME, PRINCIPAL,
        REQUEST_PARAMETERS, TRANSPORT};
    private static final int N_DEST_PORT = 0;
    private static final int N_SOURCE_BYTES = 1;
    private static final int N_STATUS = 2;
    private static final int N_SOURCE_PACKETS = 3;
    private static final Field[] NUMBER = {DEST_PORT, SOURCE_BYTES, STATUS, SOURCE_PACKETS};

    private Event event;
    private final String[] text = new String[TEXT.length];
    private final Long[] number = new Long[NUMBER.length];
    /** Bits of the fields read so far: text fields, then numbers from bit 16, then the derived values. */
    private int read;
    private static final int NUMBERS = 16;
    private static final int TIME = 1 << 24;
    private static final int SOURCE_INTERNAL = 1 << 25;
    private static final int DEST_INTERNAL = 1 << 26;
    private static final int SOURCE_INTERNAL_VALUE = 1 << 27;
    private static final int DEST_INTERNAL_VALUE = 1 << 28;
    private long time;

    /** A view of {@code e}. */
    public static SignalView of(Event e) {
        return new SignalView().reset(e);
    }

    /** Points this view at another event, forgetting what was read. */
    SignalView reset(Event e) {
        this.event = e;
        this.read = 0;
        return this;
    }

    public Event event() {
        return event;
    }

    public LogType type() {
        return event.type();
    }

    private String text(int i) {
        int bit = 1 << i;
        if ((read & bit) == 0) {
            text[i] = event.getString(TEXT[i]);
            read |= bit;
        }
        return text[i];
    }

    private Long number(int i) {
        int bit = 1 << (NUMBERS + i);
        if ((read & bit) == 0) {
            number[i] = event.getLong(NUMBER[i]);
            read |= bit;
        }
        return number[i];
    }

    public String action() {
        return text(N_ACTION);
    }

    public String outcome() {
        return text(N_OUTCOME);
    }

    public String sourceIp() {
        return text(N_SOURCE_IP);
    }

    public String destinationIp() {
        return text(N_DEST_IP);
    }

    public String user() {
        return text(N_USER);
    }

    public String account() {
        return text(N_ACCOUNT);
    }

    public String path() {
        return text(N_PATH);
    }

    public String loadBalancer() {
        return text(N_ELB_NAME);
    }

    /** The CloudTrail caller's ARN. */
    public String principal() {
        return text(N_PRINCIPAL);
    }

    /** CloudTrail's requestParameters as JSON text (the parser keeps it as raw JSON or text). */
    public String requestParameters() {
        return text(N_REQUEST_PARAMETERS);
    }

    public Long destinationPort() {
        return number(N_DEST_PORT);
    }

    public Long sourceBytes() {
        return number(N_SOURCE_BYTES);
    }

    public Long status() {
        return number(N_STATUS);
    }

    public Long sourcePackets() {
        return number(N_SOURCE_PACKETS);
    }

    /** {@code network.transport}: tcp, udp, icmp ... */
    public String transport() {
        return text(N_TRANSPORT);
    }

    /** Event time in epoch millis, 0 when the event has none. */
    public long time() {
        if ((read & TIME) == 0) {
            Timestamp t = event.timestamp();
            time = t == null ? 0 : t.toEpochMilli();
            read |= TIME;
        }
        return time;
    }

    /** {@link Networks#isInternal} of the source address (false when there is none). */
    public boolean sourceInternal() {
        if ((read & SOURCE_INTERNAL) == 0) {
            read |= SOURCE_INTERNAL | (Networks.isInternal(sourceIp()) ? SOURCE_INTERNAL_VALUE : 0);
        }
        return (read & SOURCE_INTERNAL_VALUE) != 0;
    }

    /** {@link Networks#isInternal} of the destination address (false when there is none). */
    public boolean destinationInternal() {
        if ((read & DEST_INTERNAL) == 0) {
            read |= DEST_INTERNAL | (Networks.isInternal(destinationIp()) ? DEST_INTERNAL_VALUE : 0);
        }
        return (read & DEST_INTERNAL_VALUE) != 0;
    }
}
