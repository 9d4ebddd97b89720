package io.siemflink.parsers;

import java.util.Locale;

/** The log families we parse. The index prefix is where a family's events are indexed by default. */
public enum LogType {
    CLOUDTRAIL("cloudtrail", "log-aws-cloudtrail"),
    VPCFLOW("vpcflow", "log-aws-vpcflowlogs"),
    ELB("elb", "log-aws-elb");

    private final String id;
    private final String indexPrefix;

    LogType(String id, String indexPrefix) {
        this.id = id;
        this.indexPrefix = indexPrefix;
    }

    public String id() {
        return id;
    }

    public String indexPrefix() {
        return indexPrefix;
    }

    /** Parses a user-facing name; {@code alb} is an alias of {@code elb}. */
    public static LogType fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "cloudtrail":
                return CLOUDTRAIL;
            case "vpcflow":
            case "vpcflowlogs":
            case "vpc":
                return VPCFLOW;
            case "elb":
            case "alb":
            case "nlb":
                return ELB;
            default:
                throw new IllegalArgumentException("unknown log type '" + name + "' (expected cloudtrail, vpcflow, elb or alb)");
        }
    }
}
