package io.siemflink.parsers.elb;

import io.siemflink.parsers.event.Ecs;
import io.siemflink.parsers.event.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * Every field the ELB parser can emit, as {@link Slot}s. Slots are numbered in the JSON writer's field order, so
 * a document built slot by slot is already sorted and {@code EventJson}'s insertion sort stays linear.
 */
final class ElbFields {
    private static final List<Slot> ALL = new ArrayList<>();

    /** A field plus its position in writer order (assigned once, when this class initialises). */
    static final class Slot {
        final Field field;
        int index;

        private Slot(Field field) {
            this.field = field;
        }

        @Override
        public String toString() {
            return field.name();
        }
    }

    private static Slot slot(Field f) {
        Slot s = new Slot(f);
        ALL.add(s);
        return s;
    }

    private static Slot slot(String name) {
        return slot(Field.of(name));
    }

    // Common to every document.
    static final Slot TIMESTAMP = slot(Ecs.TIMESTAMP);
    static final Slot ECS_VERSION = slot(Ecs.ECS_VERSION);
    static final Slot EVENT_KIND = slot(Ecs.EVENT_KIND);
    static final Slot EVENT_CATEGORY = slot(Ecs.EVENT_CATEGORY);
    static final Slot EVENT_OUTCOME = slot(Ecs.EVENT_OUTCOME);
    static final Slot EVENT_START = slot(Ecs.EVENT_START);
    static final Slot EVENT_END = slot(Ecs.EVENT_END);
    static final Slot EVENT_DATASET = slot(Ecs.EVENT_DATASET);
    static final Slot EVENT_MODULE = slot(Ecs.EVENT_MODULE);
    static final Slot EVENT_ORIGINAL = slot(Ecs.EVENT_ORIGINAL);
    static final Slot CLOUD_PROVIDER = slot(Ecs.CLOUD_PROVIDER);
    static final Slot CLOUD_ACCOUNT = slot(Ecs.CLOUD_ACCOUNT_ID);
    static final Slot CLOUD_REGION = slot(Ecs.CLOUD_REGION);

    // Peers.
    static final Slot SOURCE_ADDRESS = slot(Ecs.SOURCE_ADDRESS);
    static final Slot SOURCE_IP = slot(Ecs.SOURCE_IP);
    static final Slot SOURCE_PORT = slot(Ecs.SOURCE_PORT);
    static final Slot SOURCE_BYTES = slot("source.bytes");
    static final Slot DESTINATION_BYTES = slot("destination.bytes");
    static final Slot DESTINATION_DOMAIN = slot("destination.domain");
    static final Slot CLIENT_IP = slot("client.ip");
    static final Slot CLIENT_PORT = slot("client.port");

    // HTTP and URL.
    static final Slot HTTP_METHOD = slot("http.request.method");
    static final Slot HTTP_REQUEST_BYTES = slot("http.request.body.bytes");
    static final Slot HTTP_RESPONSE_BYTES = slot("http.response.body.bytes");
    static final Slot HTTP_STATUS = slot("http.response.status_code");
    static final Slot HTTP_VERSION = slot("http.version");
    static final Slot URL_ORIGINAL = slot("url.original");
    static final Slot URL_SCHEME = slot("url.scheme");
    static final Slot URL_USERNAME = slot("url.username");
    static final Slot URL_DOMAIN = slot("url.domain");
    static final Slot URL_PORT = slot("url.port");
    static final Slot URL_PATH = slot("url.path");
    static final Slot URL_EXTENSION = slot("url.extension");
    static final Slot URL_QUERY = slot("url.query");
    static final Slot USER_AGENT = slot(Ecs.USER_AGENT_ORIGINAL);
    static final Slot TRACE_ID = slot("trace.id");

    // TLS.
    static final Slot TLS_CIPHER = slot("tls.cipher");
    static final Slot TLS_VERSION = slot("tls.version");
    static final Slot TLS_VERSION_PROTOCOL = slot("tls.version_protocol");

    // aws.elb.*
    static final Slot ELB_NAME = slot("aws.elb.name");
    static final Slot ELB_TYPE = slot("aws.elb.type");
    static final Slot ELB_PROTOCOL = slot("aws.elb.protocol");
    static final Slot ELB_LISTENER = slot("aws.elb.listener");
    static final Slot ELB_BACKEND_IP = slot("aws.elb.backend.ip");
    static final Slot ELB_BACKEND_PORT = slot("aws.elb.backend.port");
    static final Slot ELB_BACKEND_STATUS = slot("aws.elb.backend.http.response.status_code");
    static final Slot ELB_REQUEST_TIME = slot("aws.elb.request_processing_time.sec");
    static final Slot ELB_BACKEND_TIME = slot("aws.elb.backend_processing_time.sec");
    static final Slot ELB_RESPONSE_TIME = slot("aws.elb.response_processing_time.sec");
    static final Slot ELB_CONNECTION_TIME = slot("aws.elb.connection_time.ms");
    static final Slot ELB_TLS_HANDSHAKE_TIME = slot("aws.elb.tls_handshake_time.ms");
    static final Slot ELB_TLS_HANDSHAKE_LATENCY = slot("aws.elb.tls_handshake_latency");
    static final Slot ELB_SSL_CIPHER = slot("aws.elb.ssl_cipher");
    static final Slot ELB_SSL_PROTOCOL = slot("aws.elb.ssl_protocol");
    static final Slot ELB_TARGET_GROUP_ARN = slot("aws.elb.target_group.arn");
    static final Slot ELB_TRACE_ID = slot("aws.elb.trace_id");
    static final Slot ELB_CHOSEN_CERT_ARN = slot("aws.elb.chosen_cert.arn");
    static final Slot ELB_CHOSEN_CERT_SERIAL = slot("aws.elb.chosen_cert.serial");
    static final Slot ELB_MATCHED_RULE_PRIORITY = slot("aws.elb.matched_rule_priority");
    static final Slot ELB_ACTION_EXECUTED = slot("aws.elb.action_executed");
    static final Slot ELB_REDIRECT_URL = slot("aws.elb.redirect_url");
    static final Slot ELB_ERROR_REASON = slot("aws.elb.error.reason");
    static final Slot ELB_TARGET_PORT = slot("aws.elb.target_port");
    static final Slot ELB_TARGET_STATUS_CODE = slot("aws.elb.target_status_code");
    static final Slot ELB_CLASSIFICATION = slot("aws.elb.classification");
    static final Slot ELB_CLASSIFICATION_REASON = slot("aws.elb.classification_reason");
    static final Slot ELB_CONN_TRACE_ID = slot("aws.elb.conn_trace_id");
    static final Slot ELB_TRANSFORMED_HOST = slot("aws.elb.transformed_host");
    static final Slot ELB_TRANSFORMED_URI = slot("aws.elb.transformed_uri");
    static final Slot ELB_REQUEST_TRANSFORM_STATUS = slot("aws.elb.request_transform_status");
    static final Slot ELB_INCOMING_TLS_ALERT = slot("aws.elb.incoming_tls_alert");
    static final Slot ELB_TLS_NAMED_GROUP = slot("aws.elb.tls_named_group");
    static final Slot ELB_ALPN_FE = slot("aws.elb.alpn_fe_protocol");
    static final Slot ELB_ALPN_BE = slot("aws.elb.alpn_be_protocol");
    static final Slot ELB_ALPN_CLIENT_LIST = slot("aws.elb.alpn_client_preference_list");
    static final Slot ELB_TLS_CONNECTION_CREATION_TIME = slot("aws.elb.tls_connection_creation_time");
    static final Slot ELB_LEAF_CERT_SUBJECT = slot("aws.elb.leaf_client_cert_subject");
    static final Slot ELB_LEAF_CERT_NOT_BEFORE = slot("aws.elb.leaf_client_cert_not_before");
    static final Slot ELB_LEAF_CERT_NOT_AFTER = slot("aws.elb.leaf_client_cert_not_after");
    static final Slot ELB_LEAF_CERT_SERIAL = slot("aws.elb.leaf_client_cert_serial_number");
    static final Slot ELB_TLS_VERIFY_STATUS = slot("aws.elb.tls_verify_status");
    static final Slot ELB_TLS_ERROR_CODE = slot("aws.elb.tls_error_code");

    /** Fields in writer order: {@code ORDER[slot.index] == slot.field}. */
    static final Field[] ORDER;
    static final int COUNT;

    static {
        ALL.sort((a, b) -> a.field.compareTo(b.field));
        ORDER = new Field[ALL.size()];
        for (int i = 0; i < ALL.size(); i++) {
            ALL.get(i).index = i;
            ORDER[i] = ALL.get(i).field;
        }
        COUNT = ORDER.length;
    }

    private ElbFields() {
    }
}
