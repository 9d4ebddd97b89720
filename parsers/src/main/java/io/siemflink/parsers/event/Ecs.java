package io.siemflink.parsers.event;

/** ECS fields that more than one parser writes. Family-specific fields live with their parser's mapping. */
public final class Ecs {
    private Ecs() {
    }

    public static final Field TIMESTAMP = Event.TIMESTAMP;
    public static final Field ECS_VERSION = Field.of("ecs.version");
    public static final String ECS_VERSION_VALUE = "8.11.0";

    public static final Field EVENT_KIND = Field.of("event.kind");
    public static final Field EVENT_CATEGORY = Field.of("event.category");
    public static final Field EVENT_TYPE = Field.of("event.type");
    public static final Field EVENT_ACTION = Field.of("event.action");
    public static final Field EVENT_OUTCOME = Field.of("event.outcome");
    public static final Field EVENT_ID = Field.of("event.id");
    public static final Field EVENT_PROVIDER = Field.of("event.provider");
    public static final Field EVENT_START = Field.of("event.start");
    public static final Field EVENT_END = Field.of("event.end");
    public static final Field EVENT_DURATION = Field.of("event.duration");
    public static final Field EVENT_ORIGINAL = Field.of("event.original");
    public static final Field EVENT_DATASET = Field.of("event.dataset");
    public static final Field EVENT_MODULE = Field.of("event.module");

    public static final Field CLOUD_PROVIDER = Field.of("cloud.provider");
    public static final Field CLOUD_ACCOUNT_ID = Field.of("cloud.account.id");
    public static final Field CLOUD_REGION = Field.of("cloud.region");

    public static final Field SOURCE_ADDRESS = Field.of("source.address");
    public static final Field SOURCE_IP = Field.of("source.ip");
    public static final Field SOURCE_PORT = Field.of("source.port");
    public static final Field DESTINATION_ADDRESS = Field.of("destination.address");
    public static final Field DESTINATION_IP = Field.of("destination.ip");
    public static final Field DESTINATION_PORT = Field.of("destination.port");

    public static final Field NETWORK_TRANSPORT = Field.of("network.transport");
    public static final Field NETWORK_IANA_NUMBER = Field.of("network.iana_number");
    public static final Field NETWORK_TYPE = Field.of("network.type");

    public static final Field USER_NAME = Field.of("user.name");
    public static final Field USER_ID = Field.of("user.id");
    public static final Field USER_AGENT_ORIGINAL = Field.of("user_agent.original");

    public static final Field RELATED_IP = Field.of("related.ip");
    public static final Field RELATED_USER = Field.of("related.user");

    public static final Field LOG_FILE_PATH = Field.of("log.file.path");
    public static final Field AWS_CLOUDWATCH_LOG_GROUP = Field.of("aws.cloudwatch.log_group");
    public static final Field AWS_CLOUDWATCH_LOG_STREAM = Field.of("aws.cloudwatch.log_stream");
    public static final Field AWS_CLOUDWATCH_ID = Field.of("aws.cloudwatch.id");
}
