package io.siemflink.parsers.elb;

import static io.siemflink.parsers.elb.ElbFields.*;

import io.siemflink.parsers.elb.ElbFields.Slot;

/**
 * The ELB family's line formats as data: for each variant, its fields in AWS order, each with the target field
 * and the converter that reads it. Fields past the end of a table are later AWS additions and are ignored; a
 * line shorter than {@link #minFields} is cut off and becomes a dead letter.
 */
enum ElbFormat {
    /** Application Load Balancer access log (docs: "Access log entries", fields as of 2025). */
    ALB("ALB access log", false, "http", "web", 18,
            col("type", Conv.KEYWORD, ELB_TYPE),
            col("time", Conv.TIME, null),
            col("elb", Conv.KEYWORD, ELB_NAME),
            col("client:port", Conv.SOURCE, null),
            col("target:port", Conv.BACKEND, null),
            col("request_processing_time", Conv.SECONDS, ELB_REQUEST_TIME),
            col("target_processing_time", Conv.SECONDS, ELB_BACKEND_TIME),
            col("response_processing_time", Conv.SECONDS, ELB_RESPONSE_TIME),
            col("elb_status_code", Conv.STATUS, HTTP_STATUS),
            col("target_status_code", Conv.LONG, ELB_BACKEND_STATUS),
            col("received_bytes", Conv.LONG, HTTP_REQUEST_BYTES),
            col("sent_bytes", Conv.LONG, HTTP_RESPONSE_BYTES),
            col("request", Conv.REQUEST, null),
            col("user_agent", Conv.KEYWORD, USER_AGENT),
            col("ssl_cipher", Conv.TLS_CIPHER, ELB_SSL_CIPHER),
            col("ssl_protocol", Conv.TLS_PROTOCOL, ELB_SSL_PROTOCOL),
            col("target_group_arn", Conv.ARN, ELB_TARGET_GROUP_ARN),
            col("trace_id", Conv.TRACE_ID, ELB_TRACE_ID),
            col("domain_name", Conv.KEYWORD, DESTINATION_DOMAIN),
            col("chosen_cert_arn", Conv.KEYWORD, ELB_CHOSEN_CERT_ARN),
            col("matched_rule_priority", Conv.KEYWORD, ELB_MATCHED_RULE_PRIORITY),
            col("request_creation_time", Conv.DATE, EVENT_START),
            col("actions_executed", Conv.LIST_COMMA, ELB_ACTION_EXECUTED),
            col("redirect_url", Conv.KEYWORD, ELB_REDIRECT_URL),
            col("error_reason", Conv.KEYWORD, ELB_ERROR_REASON),
            col("target:port_list", Conv.LIST_SPACE, ELB_TARGET_PORT),
            col("target_status_code_list", Conv.LIST_SPACE, ELB_TARGET_STATUS_CODE),
            col("classification", Conv.KEYWORD, ELB_CLASSIFICATION),
            col("classification_reason", Conv.KEYWORD, ELB_CLASSIFICATION_REASON),
            col("conn_trace_id", Conv.KEYWORD, ELB_CONN_TRACE_ID),
            col("transformed_host", Conv.KEYWORD, ELB_TRANSFORMED_HOST),
            col("transformed_uri", Conv.KEYWORD, ELB_TRANSFORMED_URI),
            col("request_transform_status", Conv.KEYWORD, ELB_REQUEST_TRANSFORM_STATUS)),

    /** Network Load Balancer TLS access log, versions 1.0 (18 fields) and 2.0 (22 fields). */
    NLB("NLB TLS access log", true, "tcp", "network", 18,
            col("type", Conv.KEYWORD, ELB_TYPE),
            col("version", Conv.NONE, null),
            col("time", Conv.TIME, null),
            col("elb", Conv.KEYWORD, ELB_NAME),
            col("listener", Conv.KEYWORD, ELB_LISTENER),
            col("client:port", Conv.SOURCE, null),
            col("destination:port", Conv.BACKEND, null),
            col("connection_time", Conv.LONG, ELB_CONNECTION_TIME),
            col("tls_handshake_time", Conv.LONG, ELB_TLS_HANDSHAKE_TIME),
            col("received_bytes", Conv.LONG, SOURCE_BYTES),
            col("sent_bytes", Conv.LONG, DESTINATION_BYTES),
            col("incoming_tls_alert", Conv.KEYWORD, ELB_INCOMING_TLS_ALERT),
            col("chosen_cert_arn", Conv.KEYWORD, ELB_CHOSEN_CERT_ARN),
            col("chosen_cert_serial", Conv.KEYWORD, ELB_CHOSEN_CERT_SERIAL),
            col("tls_cipher", Conv.TLS_CIPHER, ELB_SSL_CIPHER),
            col("tls_protocol_version", Conv.TLS_PROTOCOL, ELB_SSL_PROTOCOL),
            col("tls_named_group", Conv.KEYWORD, ELB_TLS_NAMED_GROUP),
            col("domain_name", Conv.KEYWORD, DESTINATION_DOMAIN),
            col("alpn_fe_protocol", Conv.KEYWORD, ELB_ALPN_FE),
            col("alpn_be_protocol", Conv.KEYWORD, ELB_ALPN_BE),
            col("alpn_client_preference_list", Conv.ALPN_LIST, ELB_ALPN_CLIENT_LIST),
            col("tls_connection_creation_time", Conv.DATE, ELB_TLS_CONNECTION_CREATION_TIME)),

    /** Classic Load Balancer access log of an HTTP/HTTPS listener. */
    CLASSIC_HTTP("classic ELB access log", false, "http", "web", 13,
            col("time", Conv.TIME, null),
            col("elb", Conv.KEYWORD, ELB_NAME),
            col("client:port", Conv.SOURCE, null),
            col("backend:port", Conv.BACKEND, null),
            col("request_processing_time", Conv.SECONDS, ELB_REQUEST_TIME),
            col("backend_processing_time", Conv.SECONDS, ELB_BACKEND_TIME),
            col("response_processing_time", Conv.SECONDS, ELB_RESPONSE_TIME),
            col("elb_status_code", Conv.STATUS, HTTP_STATUS),
            col("backend_status_code", Conv.LONG, ELB_BACKEND_STATUS),
            col("received_bytes", Conv.LONG, HTTP_REQUEST_BYTES),
            col("sent_bytes", Conv.LONG, HTTP_RESPONSE_BYTES),
            col("request", Conv.REQUEST, null),
            col("user_agent", Conv.KEYWORD, USER_AGENT),
            col("ssl_cipher", Conv.TLS_CIPHER, ELB_SSL_CIPHER),
            col("ssl_protocol", Conv.TLS_PROTOCOL, ELB_SSL_PROTOCOL)),

    /** Classic Load Balancer access log of a TCP/SSL listener: no status, request {@code "- - - "}. */
    CLASSIC_TCP("classic ELB access log", false, "tcp", "network", 13,
            col("time", Conv.TIME, null),
            col("elb", Conv.KEYWORD, ELB_NAME),
            col("client:port", Conv.SOURCE, null),
            col("backend:port", Conv.BACKEND, null),
            col("request_processing_time", Conv.SECONDS, ELB_REQUEST_TIME),
            col("backend_processing_time", Conv.SECONDS, ELB_BACKEND_TIME),
            col("response_processing_time", Conv.SECONDS, ELB_RESPONSE_TIME),
            col("elb_status_code", Conv.NONE, null),
            col("backend_status_code", Conv.NONE, null),
            col("received_bytes", Conv.LONG, SOURCE_BYTES),
            col("sent_bytes", Conv.LONG, DESTINATION_BYTES),
            col("request", Conv.NONE, null),
            col("user_agent", Conv.NONE, null),
            col("ssl_cipher", Conv.TLS_CIPHER, ELB_SSL_CIPHER),
            col("ssl_protocol", Conv.TLS_PROTOCOL, ELB_SSL_PROTOCOL)),

    /** Application Load Balancer connection log (11 fields, conn_trace_id added in 2024). */
    CONNECTION("ALB connection log", false, "tcp", "network", 11,
            col("time", Conv.TIME, null),
            col("client_ip", Conv.IP, CLIENT_IP),
            col("client_port", Conv.LONG, CLIENT_PORT),
            col("listener_port", Conv.KEYWORD, ELB_LISTENER),
            col("tls_protocol", Conv.TLS_PROTOCOL, ELB_SSL_PROTOCOL),
            col("tls_cipher", Conv.TLS_CIPHER, ELB_SSL_CIPHER),
            col("tls_handshake_latency", Conv.SECONDS, ELB_TLS_HANDSHAKE_LATENCY),
            col("leaf_client_cert_subject", Conv.KEYWORD, ELB_LEAF_CERT_SUBJECT),
            col("leaf_client_cert_validity", Conv.CERT_VALIDITY, null),
            col("leaf_client_cert_serial_number", Conv.KEYWORD, ELB_LEAF_CERT_SERIAL),
            col("tls_verify_status", Conv.VERIFY_STATUS, ELB_TLS_VERIFY_STATUS),
            col("conn_trace_id", Conv.KEYWORD, ELB_CONN_TRACE_ID));

    /** How a field's text becomes values; composite converters write the fixed fields named in their comment. */
    enum Conv {
        /** Known field, deliberately not mapped. */
        NONE,
        /** The text as is. */
        KEYWORD,
        /** A whole number. */
        LONG,
        /** Seconds as a decimal; {@code -1} (no value, e.g. the target never answered) is absent. */
        SECONDS,
        /** A timestamp. */
        DATE,
        /** An IP address, validated. */
        IP,
        /** The record's time: {@code @timestamp} and {@code event.end}. */
        TIME,
        /** {@code ip:port}: {@code source.address}, {@code source.ip}, {@code source.port}. */
        SOURCE,
        /** {@code ip:port}: {@code aws.elb.backend.ip}, {@code aws.elb.backend.port}. */
        BACKEND,
        /** The status sent to the client, and {@code event.outcome} from it. */
        STATUS,
        /** The request line: {@code http.request.method}, {@code url.*}, {@code http.version}. */
        REQUEST,
        /** The cipher, also as {@code tls.cipher}. */
        TLS_CIPHER,
        /** The protocol as logged, also as {@code tls.version} / {@code tls.version_protocol}. */
        TLS_PROTOCOL,
        /** An ELB ARN; also the fallback for {@code cloud.account.id} / {@code cloud.region}. */
        ARN,
        /** The X-Amzn-Trace-Id, also as {@code trace.id}. */
        TRACE_ID,
        /** A comma-separated list. */
        LIST_COMMA,
        /** A space-separated list. */
        LIST_SPACE,
        /** The NLB ALPN list {@code "h2","http/1.1"}, as a list. */
        ALPN_LIST,
        /** {@code NotBefore=...;NotAfter=...}: the two leaf certificate dates. */
        CERT_VALIDITY,
        /** {@code Success} or {@code Failed:<code>}: the status, {@code aws.elb.tls_error_code}, the outcome. */
        VERIFY_STATUS
    }

    /** One field of a format. */
    record Column(String name, Conv conv, Slot target) {
    }

    private static Column col(String name, Conv conv, Slot target) {
        return new Column(name, conv, target);
    }

    final String label;
    /** Split with {@link ElbTokens}' glued mode. */
    final boolean glued;
    final String protocol;
    final String category;
    /** event.category: one shared immutable list, not a new list per event. */
    final java.util.List<String> categories;
    final int minFields;
    final Column[] columns;

    ElbFormat(String label, boolean glued, String protocol, String category, int minFields, Column... columns) {
        this.label = label;
        this.glued = glued;
        this.protocol = protocol;
        this.category = category;
        this.categories = java.util.List.of(category);
        this.minFields = minFields;
        this.columns = columns;
    }
}
