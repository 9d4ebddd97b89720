package io.siemflink.parsers.cloudtrail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.siemflink.parsers.event.Ecs;
import io.siemflink.parsers.event.Field;
import io.siemflink.parsers.event.Timestamp;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The CloudTrail record -> ECS mapping as data: one row per JSON path (dotted, below the record object) with the
 * document field it fills, the converter, and optionally a slot that keeps the value for the derived fields
 * computed once the whole record is read (see {@link RecordMapper#finish}). Paths not listed are ignored.
 */
final class CloudTrailMapping {
    private CloudTrailMapping() {
    }

    // ---- fields specific to CloudTrail -----------------------------------------------------------------------
    static final String CT = "aws.cloudtrail.";
    static final Field EVENT_VERSION = Field.of(CT + "event_version");
    static final Field EVENT_CATEGORY_AWS = Field.of(CT + "event_category");
    static final Field EVENT_TYPE_AWS = Field.of(CT + "event_type");
    static final Field ERROR_CODE = Field.of(CT + "error_code");
    static final Field ERROR_MESSAGE = Field.of(CT + "error_message");
    static final Field REQUEST_PARAMETERS = Field.of(CT + "request_parameters");
    static final Field RESPONSE_ELEMENTS = Field.of(CT + "response_elements");
    static final Field ADDITIONAL_EVENTDATA = Field.of(CT + "additional_eventdata");
    static final Field SERVICE_EVENT_DETAILS = Field.of(CT + "service_event_details");
    static final Field FLAT_REQUEST_PARAMETERS = Field.of(CT + "flattened.request_parameters");
    static final Field FLAT_RESPONSE_ELEMENTS = Field.of(CT + "flattened.response_elements");
    static final Field FLAT_ADDITIONAL_EVENTDATA = Field.of(CT + "flattened.additional_eventdata");
    static final Field FLAT_SERVICE_EVENT_DETAILS = Field.of(CT + "flattened.service_event_details");
    static final Field FLAT_INSIGHT_DETAILS = Field.of(CT + "flattened.insight_details");
    static final Field CONSOLE_LOGIN_MOBILE = Field.of(CT + "console_login.additional_eventdata.mobile_version");
    static final Field CONSOLE_LOGIN_TO = Field.of(CT + "console_login.additional_eventdata.login_to");
    static final Field CONSOLE_LOGIN_MFA = Field.of(CT + "console_login.additional_eventdata.mfa_used");
    static final Field RESOURCES = Field.of(CT + "resources");

    static final Field USER_TARGET_NAME = Field.of("user.target.name");
    static final Field USER_TARGET_ID = Field.of("user.target.id");
    static final Field USER_CHANGES_NAME = Field.of("user.changes.name");
    static final Field GROUP_NAME = Field.of("group.name");
    static final Field GROUP_ID = Field.of("group.id");
    static final Field TLS_VERSION = Field.of("tls.version");
    static final Field TLS_VERSION_PROTOCOL = Field.of("tls.version_protocol");

    // ---- slots: values the derived fields need ----------------------------------------------------------------
    static final int S_EVENT_NAME = 0;
    static final int S_EVENT_ID = 1;
    static final int S_BAD_TIME = 2;
    static final int S_USER_NAME = 3;
    static final int S_ISSUER_USER_NAME = 4;
    static final int S_IDENTITY_ACCOUNT = 5;
    static final int S_RECIPIENT_ACCOUNT = 6;
    static final int S_ERROR = 7;
    static final int S_SOURCE_ADDRESS = 8;
    static final int S_DIGEST = 9;
    static final int S_REQ_USER_NAME = 10;
    static final int S_REQ_NEW_USER_NAME = 11;
    static final int S_REQ_GROUP_NAME = 12;
    static final int S_RESP_CONSOLE_LOGIN = 13;
    static final int S_RESP_USER_ID = 14;
    static final int S_RESP_GROUP_ID = 15;
    static final int S_AED_MOBILE = 16;
    static final int S_AED_LOGIN_TO = 17;
    static final int S_AED_MFA = 18;
    static final int S_AED_USER_NAME = 19;
    static final int SLOTS = 20;

    // ---- converters ---------------------------------------------------------------------------------------------

    /** Reads the value at the current token, consuming it entirely; null means "absent". */
    @FunctionalInterface
    interface Conv {
        Object read(JsonParser p, RecordMapper m) throws IOException;
    }

    /** Scalars as text; empty strings, nulls, objects and arrays are absent. */
    static final Conv STRING = (p, m) -> text(p);

    /** Elastic keeps some flags as keywords: JSON true becomes "true". */
    static final Conv KEYWORD = STRING;

    static final Conv BOOLEAN = (p, m) -> {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        String s = text(p);
        if ("true".equalsIgnoreCase(s)) {
            return Boolean.TRUE;
        }
        return "false".equalsIgnoreCase(s) ? Boolean.FALSE : null;
    };

    /** An ISO-8601 date; an unparseable one is left out (as Elastic's date processor does). */
    static final Conv DATE = (p, m) -> {
        String s = text(p);
        if (s == null) {
            return null;
        }
        try {
            return Timestamp.parse(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    };

    /** eventTime: required; a bad value is remembered so the dead letter can say what it was. */
    static final Conv EVENT_TIME = (p, m) -> {
        String s = text(p);
        if (s == null) {
            return null;
        }
        try {
            return Timestamp.parse(s);
        } catch (IllegalArgumentException e) {
            m.slots[S_BAD_TIME] = s;
            return null;
        }
    };

    /** "TLSv1.3" -> tls.version 1.3 and tls.version_protocol tls. */
    static final Conv TLS = (p, m) -> {
        String s = text(p);
        int v = s == null ? -1 : s.indexOf('v');
        if (v <= 0 || v == s.length() - 1) {
            return null;
        }
        m.event.put(TLS_VERSION_PROTOCOL, s.substring(0, v).toLowerCase(Locale.ROOT));
        return s.substring(v + 1);
    };

    static final Conv RESOURCES_CONV = (p, m) -> m.resources(p);

    /** A parameters object: compact JSON text for the keyword field plus the object itself for flat_object. */
    static Conv params(Field flattened, JsonCopy.Capture capture) {
        return (p, m) -> m.params(p, flattened, capture);
    }

    static String text(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        if (t == JsonToken.VALUE_NULL || !t.isScalarValue()) {
            return null;
        }
        String s = p.getText();
        return s == null || s.isEmpty() ? null : s;
    }

    // ---- the table ----------------------------------------------------------------------------------------------

    record Rule(Field field, Conv conv, int slot) {
    }

    static final class Node {
        Rule rule;
        Map<String, Node> children;
    }

    static final Node ROOT = new Table()
            .map("eventVersion", EVENT_VERSION, STRING)
            .map("eventTime", Ecs.TIMESTAMP, EVENT_TIME)
            .map("eventSource", Ecs.EVENT_PROVIDER, STRING)
            .map("eventName", Ecs.EVENT_ACTION, STRING, S_EVENT_NAME)
            .map("eventID", Ecs.EVENT_ID, STRING, S_EVENT_ID)
            .map("eventType", EVENT_TYPE_AWS, STRING)
            .map("eventCategory", EVENT_CATEGORY_AWS, STRING)
            .map("awsRegion", Ecs.CLOUD_REGION, STRING)
            .map("sourceIPAddress", Ecs.SOURCE_ADDRESS, STRING, S_SOURCE_ADDRESS)
            .map("userAgent", Ecs.USER_AGENT_ORIGINAL, STRING)
            .map("errorCode", ERROR_CODE, STRING, S_ERROR)
            .map("errorMessage", ERROR_MESSAGE, STRING, S_ERROR)
            .map("requestID", Field.of(CT + "request_id"), STRING)
            .map("apiVersion", Field.of(CT + "api_version"), STRING)
            .map("managementEvent", Field.of(CT + "management_event"), KEYWORD)
            .map("readOnly", Field.of(CT + "read_only"), BOOLEAN)
            .map("recipientAccountId", Field.of(CT + "recipient_account_id"), STRING, S_RECIPIENT_ACCOUNT)
            .map("sharedEventID", Field.of(CT + "shared_event_id"), STRING)
            .map("sharedEventId", Field.of(CT + "shared_event_id"), STRING)
            .map("vpcEndpointId", Field.of(CT + "vpc_endpoint_id"), STRING)
            .map("resources", RESOURCES, RESOURCES_CONV)
            .map("requestParameters", REQUEST_PARAMETERS, params(FLAT_REQUEST_PARAMETERS, JsonCopy.Capture.root()
                    .add("userName", S_REQ_USER_NAME)
                    .add("newUserName", S_REQ_NEW_USER_NAME)
                    .add("groupName", S_REQ_GROUP_NAME)))
            .map("responseElements", RESPONSE_ELEMENTS, params(FLAT_RESPONSE_ELEMENTS, JsonCopy.Capture.root()
                    .add("ConsoleLogin", S_RESP_CONSOLE_LOGIN)
                    .add("user.userId", S_RESP_USER_ID)
                    .add("group.groupId", S_RESP_GROUP_ID)))
            .map("additionalEventData", ADDITIONAL_EVENTDATA, params(FLAT_ADDITIONAL_EVENTDATA, JsonCopy.Capture.root()
                    .add("MobileVersion", S_AED_MOBILE)
                    .add("LoginTo", S_AED_LOGIN_TO)
                    .add("MFAUsed", S_AED_MFA)
                    .add("UserName", S_AED_USER_NAME)))
            .map("serviceEventDetails", SERVICE_EVENT_DETAILS, params(FLAT_SERVICE_EVENT_DETAILS, null))
            .map("insightDetails", null, params(FLAT_INSIGHT_DETAILS, null))
            .map("tlsDetails.tlsVersion", TLS_VERSION, TLS)
            .map("tlsDetails.cipherSuite", Field.of("tls.cipher"), STRING)
            .map("tlsDetails.clientProvidedHostHeader", Field.of("tls.client.server_name"), STRING)
            .map("userIdentity.type", Field.of(CT + "user_identity.type"), STRING)
            .map("userIdentity.principalId", Ecs.USER_ID, STRING)
            .map("userIdentity.arn", Field.of(CT + "user_identity.arn"), STRING)
            .map("userIdentity.accountId", null, STRING, S_IDENTITY_ACCOUNT)
            .map("userIdentity.accessKeyId", Field.of(CT + "user_identity.access_key_id"), STRING)
            .map("userIdentity.userName", null, STRING, S_USER_NAME)
            .map("userIdentity.invokedBy", Field.of(CT + "user_identity.invoked_by"), STRING)
            .map("userIdentity.sessionContext.attributes.mfaAuthenticated",
                    Field.of(CT + "user_identity.session_context.mfa_authenticated"), KEYWORD)
            .map("userIdentity.sessionContext.attributes.creationDate",
                    Field.of(CT + "user_identity.session_context.creation_date"), DATE)
            .map("userIdentity.sessionContext.sessionIssuer.type",
                    Field.of(CT + "user_identity.session_context.session_issuer.type"), STRING)
            .map("userIdentity.sessionContext.sessionIssuer.principalId",
                    Field.of(CT + "user_identity.session_context.session_issuer.principal_id"), STRING)
            .map("userIdentity.sessionContext.sessionIssuer.arn",
                    Field.of(CT + "user_identity.session_context.session_issuer.arn"), STRING)
            .map("userIdentity.sessionContext.sessionIssuer.accountId",
                    Field.of(CT + "user_identity.session_context.session_issuer.account_id"), STRING)
            .map("userIdentity.sessionContext.sessionIssuer.userName", null, STRING, S_ISSUER_USER_NAME)
            // Digest files are recognised (and skipped) by their own keys.
            .map("digestStartTime", null, STRING, S_DIGEST)
            .map("digestEndTime", null, STRING, S_DIGEST)
            .eventBridgeDetail()
            .root;

    private static final class Table {
        final Node root = new Node();

        Table map(String path, Field field, Conv conv) {
            return map(path, field, conv, -1);
        }

        Table map(String path, Field field, Conv conv, int slot) {
            Node node = root;
            for (String part : path.split("\\.")) {
                if (node.children == null) {
                    node.children = new HashMap<>();
                }
                node = node.children.computeIfAbsent(part, k -> new Node());
            }
            if (node.rule != null) {
                throw new IllegalStateException("duplicate mapping for " + path);
            }
            node.rule = new Rule(field, conv, slot);
            return this;
        }

        /**
         * EventBridge delivers a CloudTrail record as {@code {"detail-type":"AWS API Call via CloudTrail",
         * "detail":{record}}}: the record's fields are read the same below {@code detail}. The envelope's own
         * keys ({@code id}, {@code time}, {@code account}, {@code source}) are not CloudTrail's and are ignored.
         */
        Table eventBridgeDetail() {
            root.children.put("detail", root);
            return this;
        }
    }
}
