package io.siemflink.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.siemflink.parsers.LogType;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.UUID;

/**
 * CloudTrail log files as CloudTrail writes them to S3: one {@code {"Records":[...]}} object on one line. The mix
 * follows a typical account: mostly read-only management calls by roles and services, S3 data events, some
 * write calls with larger parameters, a few console sign-ins and denied calls.
 */
public final class CloudTrailSamples implements SampleGenerator {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"};
    private static final String[] READS = {"DescribeInstances", "ListBuckets", "GetCallerIdentity", "DescribeSecurityGroups",
        "ListRoles", "GetBucketAcl", "DescribeLogGroups", "ListFunctions20150331", "DescribeVolumes", "GetParameter"};
    private static final String[][] SOURCES = {{"ec2", "DescribeInstances"}, {"s3", "ListBuckets"}, {"sts", "GetCallerIdentity"},
        {"iam", "ListRoles"}, {"logs", "DescribeLogGroups"}, {"lambda", "ListFunctions20150331"}, {"ssm", "GetParameter"},
        {"kms", "Decrypt"}, {"sts", "AssumeRole"}};
    private static final String[] AGENTS = {
        "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79-99.164.amzn2023.x86_64 exe/x86_64.amzn.2023 prompt/off command/ec2.describe-instances",
        "aws-sdk-java/2.25.10 Linux/5.10.210-201.852.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy",
        "Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#5.10.210 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.51",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
        "console.amazonaws.com", "ec2.amazonaws.com", "AWS Internal",
        "[aws-sdk-go/1.50.30 (go1.21.6; linux; amd64) exec-env/AWS_ECS_FARGATE]"};

    @Override
    public LogType type() {
        return LogType.CLOUDTRAIL;
    }

    @Override
    public void write(OutputStream out, int records, long seed) throws IOException {
        Random rnd = new Random(seed);
        String account = String.format("%012d", Math.floorMod(seed * 7919L + 123456789012L, 1_000_000_000_000L));
        long t0 = 1_714_550_400L + Math.floorMod(seed, 86_400L);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("Records");
            for (int i = 0; i < records; i++) {
                writeRecord(g, rnd, account, t0 + i / 20);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private void writeRecord(JsonGenerator g, Random rnd, String account, long epoch) throws IOException {
        int kind = rnd.nextInt(100);
        String region = REGIONS[rnd.nextInt(REGIONS.length)];
        String[] src = SOURCES[rnd.nextInt(SOURCES.length)];
        String eventSource = src[0] + ".amazonaws.com";
        String eventName = src[1];
        boolean s3Data = kind < 25;
        boolean console = kind >= 97;
        boolean denied = kind >= 90 && kind < 97;
        boolean service = kind >= 25 && kind < 40;
        if (s3Data) {
            eventSource = "s3.amazonaws.com";
            eventName = rnd.nextBoolean() ? "GetObject" : "PutObject";
        } else if (console) {
            eventSource = "signin.amazonaws.com";
            eventName = "ConsoleLogin";
        } else if (kind >= 80 && kind < 90) {
            eventSource = "ec2.amazonaws.com";
            eventName = "RunInstances";
        } else if (!service && rnd.nextInt(4) == 0) {
            eventName = READS[rnd.nextInt(READS.length)];
        }
        g.writeStartObject();
        g.writeStringField("eventVersion", "1.09");
        g.writeObjectFieldStart("userIdentity");
        String user = "user" + rnd.nextInt(40);
        if (service) {
            g.writeStringField("type", "AWSService");
            g.writeStringField("invokedBy", "lambda.amazonaws.com");
        } else if (console || rnd.nextInt(3) == 0) {
            g.writeStringField("type", "IAMUser");
            g.writeStringField("principalId", "AIDA" + hex(rnd, 16).toUpperCase());
            g.writeStringField("arn", "arn:aws:iam::" + account + ":user/" + user);
            g.writeStringField("accountId", account);
            g.writeStringField("accessKeyId", "AKIA" + hex(rnd, 16).toUpperCase());
            g.writeStringField("userName", user);
        } else {
            String role = "role-" + rnd.nextInt(25);
            String session = "session-" + hex(rnd, 8);
            g.writeStringField("type", "AssumedRole");
            g.writeStringField("principalId", "AROA" + hex(rnd, 16).toUpperCase() + ":" + session);
            g.writeStringField("arn", "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session);
            g.writeStringField("accountId", account);
            g.writeStringField("accessKeyId", "ASIA" + hex(rnd, 16).toUpperCase());
            g.writeObjectFieldStart("sessionContext");
            g.writeObjectFieldStart("sessionIssuer");
            g.writeStringField("type", "Role");
            g.writeStringField("principalId", "AROA" + hex(rnd, 16).toUpperCase());
            g.writeStringField("arn", "arn:aws:iam::" + account + ":role/" + role);
            g.writeStringField("accountId", account);
            g.writeStringField("userName", role);
            g.writeEndObject();
            g.writeObjectFieldStart("webIdFederationData");
            g.writeEndObject();
            g.writeObjectFieldStart("attributes");
            g.writeStringField("creationDate", iso(epoch - 600 - rnd.nextInt(3000)));
            g.writeStringField("mfaAuthenticated", "false");
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeStringField("eventTime", iso(epoch));
        g.writeStringField("eventSource", eventSource);
        g.writeStringField("eventName", eventName);
        g.writeStringField("awsRegion", region);
        g.writeStringField("sourceIPAddress", service ? "lambda.amazonaws.com"
                : rnd.nextInt(10) == 0 ? "2001:db8:" + hex(rnd, 4) + "::" + hex(rnd, 4)
                : (10 + rnd.nextInt(200)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254)));
        g.writeStringField("userAgent", service ? "lambda.amazonaws.com" : AGENTS[rnd.nextInt(AGENTS.length)]);
        if (denied) {
            g.writeStringField("errorCode", "AccessDenied");
            g.writeStringField("errorMessage", "User: arn:aws:iam::" + account + ":user/" + user
                    + " is not authorized to perform: " + src[0] + ":" + eventName + " because no identity-based policy allows it");
        }
        writeParameters(g, rnd, eventName, account, region);
        g.writeStringField("requestID", uuid(rnd));
        g.writeStringField("eventID", uuid(rnd));
        g.writeBooleanField("readOnly", !eventName.startsWith("Put") && !eventName.startsWith("Run"));
        if (s3Data) {
            g.writeArrayFieldStart("resources");
            String bucket = "bucket-" + rnd.nextInt(10);
            g.writeStartObject();
            g.writeStringField("type", "AWS::S3::Object");
            g.writeStringField("ARN", "arn:aws:s3:::" + bucket + "/data/" + hex(rnd, 12) + ".parquet");
            g.writeEndObject();
            g.writeStartObject();
            g.writeStringField("accountId", account);
            g.writeStringField("type", "AWS::S3::Bucket");
            g.writeStringField("ARN", "arn:aws:s3:::" + bucket);
            g.writeEndObject();
            g.writeEndArray();
        }
        g.writeStringField("eventType", console ? "AwsConsoleSignIn" : service ? "AwsServiceEvent" : "AwsApiCall");
        g.writeBooleanField("managementEvent", !s3Data);
        g.writeStringField("recipientAccountId", account);
        g.writeStringField("eventCategory", s3Data ? "Data" : "Management");
        if (!service) {
            g.writeObjectFieldStart("tlsDetails");
            g.writeStringField("tlsVersion", rnd.nextInt(3) == 0 ? "TLSv1.2" : "TLSv1.3");
            g.writeStringField("cipherSuite", "TLS_AES_128_GCM_SHA256");
            g.writeStringField("clientProvidedHostHeader", eventSource.replace(".amazonaws.com", "." + region + ".amazonaws.com"));
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private void writeParameters(JsonGenerator g, Random rnd, String eventName, String account, String region) throws IOException {
        switch (eventName) {
            case "ConsoleLogin" -> {
                g.writeNullField("requestParameters");
                g.writeObjectFieldStart("responseElements");
                g.writeStringField("ConsoleLogin", rnd.nextInt(5) == 0 ? "Failure" : "Success");
                g.writeEndObject();
                g.writeObjectFieldStart("additionalEventData");
                g.writeStringField("LoginTo", "https://console.aws.amazon.com/console/home?region=" + region);
                g.writeStringField("MobileVersion", "No");
                g.writeStringField("MFAUsed", rnd.nextBoolean() ? "Yes" : "No");
                g.writeEndObject();
            }
            case "GetObject", "PutObject" -> {
                g.writeObjectFieldStart("requestParameters");
                g.writeStringField("bucketName", "bucket-" + rnd.nextInt(10));
                g.writeStringField("Host", "bucket.s3." + region + ".amazonaws.com");
                g.writeStringField("key", "data/" + hex(rnd, 12) + ".parquet");
                g.writeEndObject();
                g.writeNullField("responseElements");
                g.writeObjectFieldStart("additionalEventData");
                g.writeStringField("SignatureVersion", "SigV4");
                g.writeStringField("CipherSuite", "TLS_AES_128_GCM_SHA256");
                g.writeNumberField("bytesTransferredIn", 0);
                g.writeNumberField("bytesTransferredOut", rnd.nextInt(5_000_000));
                g.writeStringField("x-amz-id-2", hex(rnd, 40));
                g.writeEndObject();
            }
            case "RunInstances" -> {
                g.writeObjectFieldStart("requestParameters");
                g.writeObjectFieldStart("instancesSet");
                g.writeArrayFieldStart("items");
                g.writeStartObject();
                g.writeStringField("imageId", "ami-" + hex(rnd, 17));
                g.writeNumberField("minCount", 1);
                g.writeNumberField("maxCount", 1);
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
                g.writeStringField("instanceType", "t3.micro");
                g.writeObjectFieldStart("blockDeviceMapping");
                g.writeEndObject();
                g.writeBooleanField("disableApiTermination", false);
                g.writeObjectFieldStart("monitoring");
                g.writeBooleanField("enabled", false);
                g.writeEndObject();
                g.writeEndObject();
                g.writeObjectFieldStart("responseElements");
                g.writeStringField("requestId", uuid(rnd));
                g.writeStringField("reservationId", "r-" + hex(rnd, 17));
                g.writeStringField("ownerId", account);
                g.writeObjectFieldStart("instancesSet");
                g.writeArrayFieldStart("items");
                g.writeStartObject();
                g.writeStringField("instanceId", "i-" + hex(rnd, 17));
                g.writeStringField("imageId", "ami-" + hex(rnd, 17));
                g.writeObjectFieldStart("instanceState");
                g.writeNumberField("code", 0);
                g.writeStringField("name", "pending");
                g.writeEndObject();
                g.writeStringField("privateDnsName", "ip-10-0-1-23." + region + ".compute.internal");
                g.writeStringField("privateIpAddress", "10.0.1.23");
                g.writeStringField("subnetId", "subnet-" + hex(rnd, 17));
                g.writeStringField("vpcId", "vpc-" + hex(rnd, 17));
                g.writeNumberField("launchTime", 1_714_550_400_000L);
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
                g.writeEndObject();
            }
            case "AssumeRole" -> {
                g.writeObjectFieldStart("requestParameters");
                g.writeStringField("roleArn", "arn:aws:iam::" + account + ":role/role-" + rnd.nextInt(25));
                g.writeStringField("roleSessionName", "session-" + hex(rnd, 8));
                g.writeNumberField("durationSeconds", 3600);
                g.writeEndObject();
                g.writeObjectFieldStart("responseElements");
                g.writeObjectFieldStart("credentials");
                g.writeStringField("accessKeyId", "ASIA" + hex(rnd, 16).toUpperCase());
                g.writeStringField("sessionToken", "HIDDEN_DUE_TO_SECURITY_REASONS");
                g.writeStringField("expiration", "May 1, 2024, 11:00:00 AM");
                g.writeEndObject();
                g.writeEndObject();
            }
            default -> {
                if (rnd.nextBoolean()) {
                    g.writeObjectFieldStart("requestParameters");
                    g.writeNumberField("maxResults", 1000);
                    g.writeObjectFieldStart("filterSet");
                    g.writeEndObject();
                    g.writeEndObject();
                } else {
                    g.writeNullField("requestParameters");
                }
                g.writeNullField("responseElements");
            }
        }
    }

    private static String iso(long epoch) {
        return java.time.Instant.ofEpochSecond(epoch).toString();
    }

    private static String uuid(Random rnd) {
        return new UUID(rnd.nextLong(), rnd.nextLong()).toString();
    }

    private static String hex(Random rnd, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit(rnd.nextInt(16), 16));
        }
        return sb.toString();
    }
}
