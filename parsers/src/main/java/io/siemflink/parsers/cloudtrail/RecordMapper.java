package io.siemflink.parsers.cloudtrail;

import static io.siemflink.parsers.cloudtrail.CloudTrailMapping.*;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.siemflink.parsers.AwsKey;
import io.siemflink.parsers.IpAddresses;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.event.DocIds;
import io.siemflink.parsers.event.Ecs;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.RawJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Turns one CloudTrail record, read straight from a streaming parser, into an {@link Event}: the table in
 * {@link CloudTrailMapping} fills the direct fields, {@link #finish} the derived ones. One instance per
 * {@code parse} call (not thread-safe), reused for every record of that input.
 */
final class RecordMapper {
    static final String DATASET = "aws.cloudtrail";
    private static final int MAX_REASON_VALUE = 64;

    /** What a record became. */
    enum Outcome { EVENT, DEAD_LETTER, SKIP }

    private final ParserOptions options;
    private final AwsKey key;
    final String[] slots = new String[SLOTS];
    private final StringBuilder sb = new StringBuilder(1024);
    private final java.util.Set<String> seenResources = new java.util.HashSet<>();
    Event event;
    /** Why the record became a dead letter or skip. */
    String reason;
    /** The record outgrew {@link ParserOptions#maxRecordBytes()} while being read ({@link TooLarge} was thrown). */
    boolean tooLarge;

    /**
     * Thrown when text built from one record (parameters, resources) outgrows the record cap: a streamed record is
     * not length-checked until its end, so its copies are bounded here. The caller skips to the record's end.
     */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("record larger than the cap", null);
        }
    }

    RecordMapper(ParserOptions options, AwsKey key) {
        this.options = options;
        this.key = key;
    }

    /** Reads the record whose START_OBJECT was just consumed and whose first token is current. */
    void readRecord(JsonParser p) throws IOException {
        event = new Event(LogType.CLOUDTRAIL, 48);
        Arrays.fill(slots, null);
        reason = null;
        tooLarge = false;
        readFields(p, ROOT);
    }

    /** Current token is a FIELD_NAME or the END_OBJECT; returns at the object's END_OBJECT. */
    private void readFields(JsonParser p, Node node) throws IOException {
        for (JsonToken t = p.currentToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            Node child = node.children.get(p.currentName());
            JsonToken v = p.nextToken();
            if (child == null) {
                p.skipChildren();
            } else if (child.children != null && v == JsonToken.START_OBJECT) {
                p.nextToken();
                readFields(p, child);
            } else if (child.rule == null) {
                p.skipChildren();
            } else {
                Rule rule = child.rule;
                Object value = rule.conv().read(p, this);
                if (value != null) {
                    if (rule.field() != null) {
                        event.put(rule.field(), value);
                    }
                    if (rule.slot() >= 0) {
                        slots[rule.slot()] = value.toString();
                    }
                }
            }
        }
    }

    Object params(JsonParser p, io.siemflink.parsers.event.Field flattened, JsonCopy.Capture capture) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
            return text(p);
        }
        sb.setLength(0);
        if (!JsonCopy.copy(p, sb, capture, slots, budget())) {
            return null;
        }
        int max = options.maxParameterChars();
        if (sb.length() > max) {
            // Too big to index as an object: the keyword keeps the head, the flat_object is left out.
            int cut = Character.isHighSurrogate(sb.charAt(max - 1)) ? max - 1 : max;
            return sb.substring(0, cut);
        }
        String json = sb.toString();
        if (flattened != null && t == JsonToken.START_OBJECT) {
            event.put(flattened, new RawJson(json));
        }
        return json;
    }

    /** {@code resources}: [{ARN, accountId, type}] -> [{arn, account_id, type}], duplicates removed, order kept. */
    Object resources(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            text(p);
            return null;
        }
        sb.setLength(0);
        sb.append('[');
        seenResources.clear();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String arn = null;
            String account = null;
            String type = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "ARN", "arn" -> arn = text(p);
                    case "accountId" -> account = text(p);
                    case "type" -> type = text(p);
                    default -> p.skipChildren();
                }
            }
            if (arn == null && account == null && type == null) {
                continue;
            }
            String k = arn + '\u0000' + account + '\u0000' + type;
            if (seenResources.contains(k)) {
                continue;
            }
            seenResources.add(k);
            if (sb.length() > options.maxRecordBytes()) {
                throw tooLarge();
            }
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('{');
            boolean first = member(sb, "account_id", account, true);
            first = member(sb, "arn", arn, first);
            member(sb, "type", type, first);
            sb.append('}');
        }
        if (seenResources.isEmpty()) {
            return null;
        }
        return new RawJson(sb.append(']').toString());
    }

    private JsonCopy.Budget budget() {
        return new JsonCopy.Budget(options.maxRecordBytes(), this::tooLarge);
    }

    TooLarge tooLarge() {
        tooLarge = true;
        return new TooLarge();
    }

    private static boolean member(StringBuilder sb, String name, String value, boolean first) {
        if (value == null) {
            return first;
        }
        if (!first) {
            sb.append(',');
        }
        JsonCopy.appendQuoted(sb, name);
        sb.append(':');
        JsonCopy.appendQuoted(sb, value);
        return false;
    }

    /**
     * Adds the derived and constant fields and the identity.
     *
     * @param raw the record's bytes {@code raw[off, off+len)}, for the id of a record without eventID
     */
    Outcome finish(String original, byte[] raw, int off, int len, long position) {
        Event e = event;
        if (!e.has(Ecs.TIMESTAMP)) {
            if (slots[S_DIGEST] != null) {
                reason = "cloudtrail digest file";
                return Outcome.SKIP;
            }
            reason = slots[S_BAD_TIME] != null
                    ? "invalid_field: eventTime '" + cut(slots[S_BAD_TIME]) + "' is not an ISO-8601 time"
                    : "missing_field: the record has no eventTime";
            return Outcome.DEAD_LETTER;
        }

        // userIdentity.userName first, then the role behind an assumed-role session, then the Identity Center
        // sign-in name (Elastic's precedence).
        String userName = first(slots[S_USER_NAME], slots[S_ISSUER_USER_NAME], slots[S_AED_USER_NAME]);
        e.put(Ecs.USER_NAME, userName);
        e.put(Ecs.CLOUD_ACCOUNT_ID, first(slots[S_IDENTITY_ACCOUNT], slots[S_RECIPIENT_ACCOUNT], key.account()));
        if (!e.has(Ecs.CLOUD_REGION) && key.region() != null) {
            e.put(Ecs.CLOUD_REGION, key.region());
        }
        String address = slots[S_SOURCE_ADDRESS];
        if (address != null && IpAddresses.isIp(address)) {
            e.put(Ecs.SOURCE_IP, address);
            e.addDistinct(Ecs.RELATED_IP, address);
        }

        String eventName = slots[S_EVENT_NAME];
        String outcome = slots[S_ERROR] != null ? "failure" : "success";
        if ("ConsoleLogin".equals(eventName) && slots[S_RESP_CONSOLE_LOGIN] != null) {
            String login = slots[S_RESP_CONSOLE_LOGIN].toLowerCase(Locale.ROOT);
            if (login.equals("success") || login.equals("failure")) {
                outcome = login;
            }
        }
        e.put(Ecs.EVENT_OUTCOME, outcome);
        Categorization.Entry cat = Categorization.of(eventName);
        if (cat != null) {
            e.put(Ecs.EVENT_CATEGORY, Categorization.copy(cat.category()));
        }
        e.put(Ecs.EVENT_TYPE, Categorization.copy(cat != null ? cat.type() : Categorization.DEFAULT_TYPE));

        if ("ConsoleLogin".equals(eventName)) {
            if (slots[S_AED_MOBILE] != null) {
                e.put(CONSOLE_LOGIN_MOBILE, !slots[S_AED_MOBILE].equals("No"));
            }
            e.put(CONSOLE_LOGIN_TO, slots[S_AED_LOGIN_TO]);
            if (slots[S_AED_MFA] != null) {
                e.put(CONSOLE_LOGIN_MFA, !slots[S_AED_MFA].equals("No"));
            }
        }

        // Who or what the call acted on, when the parameters name it.
        e.put(USER_TARGET_NAME, slots[S_REQ_USER_NAME]);
        e.put(USER_TARGET_ID, slots[S_RESP_USER_ID]);
        e.put(USER_CHANGES_NAME, slots[S_REQ_NEW_USER_NAME]);
        e.put(GROUP_NAME, slots[S_REQ_GROUP_NAME]);
        e.put(GROUP_ID, slots[S_RESP_GROUP_ID]);
        e.addDistinct(Ecs.RELATED_USER, userName);
        e.addDistinct(Ecs.RELATED_USER, slots[S_REQ_USER_NAME]);
        e.addDistinct(Ecs.RELATED_USER, slots[S_REQ_NEW_USER_NAME]);

        e.put(Ecs.ECS_VERSION, Ecs.ECS_VERSION_VALUE);
        e.put(Ecs.EVENT_KIND, "event");
        e.put(Ecs.EVENT_MODULE, "aws");
        e.put(Ecs.EVENT_DATASET, DATASET);
        e.put(Ecs.CLOUD_PROVIDER, "aws");
        if (options.keepOriginal()) {
            e.put(Ecs.EVENT_ORIGINAL, original);
        }
        // eventID is CloudTrail's own unique id, so a re-delivered record (other trail, replay) overwrites.
        String eventId = slots[S_EVENT_ID];
        e.id(eventId != null ? DocIds.of(LogType.CLOUDTRAIL, eventId) : DocIds.of(LogType.CLOUDTRAIL, raw, off, len));
        e.original(original);
        e.position(position);
        return Outcome.EVENT;
    }

    private static String first(String a, String b, String c) {
        return a != null ? a : b != null ? b : c;
    }

    private static String cut(String s) {
        return s.length() <= MAX_REASON_VALUE ? s : s.substring(0, MAX_REASON_VALUE) + "...";
    }
}
