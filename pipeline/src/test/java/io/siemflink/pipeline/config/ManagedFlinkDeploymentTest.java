package io.siemflink.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siemflink.parsers.testing.TestPaths;
import io.siemflink.pipeline.job.JobMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * deploy/: the CloudFormation template of the Managed Service for Apache Flink application and the local
 * {@code flink-application-properties-dev.json}. Checks that the execution role is least privilege, and that the
 * property groups both hold are keys the job reads (from {@link PipelineConfig}'s own key sets) and make a valid
 * configuration through the same path the job takes on Managed Flink.
 */
class ManagedFlinkDeploymentTest {
    static final Path ROOT = TestPaths.testData().getParent();
    static final Path TEMPLATE = ROOT.resolve("deploy/cloudformation/siemflink-msf.yaml");
    static final Path DEV_PROPERTIES = ROOT.resolve("deploy/flink-application-properties-dev.json");
    static final String DOMAIN = "arn:aws:es:eu-west-1:111122223333:domain/siem";
    static final String QUEUE = "arn:aws:sqs:eu-west-1:111122223333:siem-s3-events";
    static final String STREAM = "arn:aws:kinesis:eu-west-1:111122223333:stream/siem-logs";
    static final String KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    /** The least a deployment gives: a bucket to scan and a domain. */
    static Map<String, String> minimal() {
        return Map.of("CodeBucket", "artifacts-bucket", "LogBucket", "logs-bucket", "OpenSearchDomainArn", DOMAIN,
                "OpenSearchEndpoint", "search-siem-abc123.eu-west-1.es.amazonaws.com");
    }

    /** Every option: S3 notifications through SQS, a Kinesis stream, a KMS key, a VPC, three prefixes. */
    static Map<String, String> everything() {
        Map<String, String> p = new LinkedHashMap<>(minimal());
        p.putAll(Map.of("NotificationQueueArn", QUEUE, "KinesisStreamArn", STREAM, "KinesisLogType", "vpcflow",
                "KmsKeyArn", KEY, "SubnetIds", "subnet-0a,subnet-0b", "SecurityGroupIds", "sg-01",
                "LogPrefix", "AWSLogs/111122223333/CloudTrail/", "LogPrefix2", "AWSLogs/111122223333/vpcflowlogs/",
                "LogPrefix3", "AWSLogs/111122223333/elasticloadbalancing/", "CodeObjectVersion", "v3"));
        return p;
    }

    static Map<String, String> scanningThreePrefixes() {
        Map<String, String> p = new LinkedHashMap<>(minimal());
        p.putAll(Map.of("LogPrefix", "AWSLogs/111122223333/CloudTrail/", "LogPrefix2", "AWSLogs/111122223333/vpcflowlogs/",
                "LogPrefix3", "AWSLogs/111122223333/elasticloadbalancing/"));
        return p;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resource(Map<String, Object> rendered, String name) {
        return (Map<String, Object>) ((Map<String, Object>) rendered.get("Resources")).get(name);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> rendered, String name) {
        return (Map<String, Object>) resource(rendered, name).get("Properties");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> statements(Map<String, Object> rendered) {
        Map<String, Object> role = props(rendered, "ExecutionRole");
        Map<String, Object> policy = (Map<String, Object>) ((List<Map<String, Object>>) role.get("Policies")).get(0).get("PolicyDocument");
        Map<String, Map<String, Object>> bySid = new LinkedHashMap<>();
        for (Map<String, Object> s : (List<Map<String, Object>>) policy.get("Statement")) {
            assertThat(s.get("Effect")).isEqualTo("Allow");
            bySid.put((String) s.get("Sid"), s);
        }
        return bySid;
    }

    @SuppressWarnings("unchecked")
    static List<String> list(Object v) {
        return v instanceof List<?> l ? (List<String>) l : List.of((String) v);
    }

    /** The job's settings as Managed Flink hands them over: group id + "." + key. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, String>> propertyGroups(Map<String, Object> rendered) {
        Map<String, Object> app = (Map<String, Object>) props(rendered, "Application").get("ApplicationConfiguration");
        List<Map<String, Object>> groups = (List<Map<String, Object>>) ((Map<String, Object>) app.get("EnvironmentProperties"))
                .get("PropertyGroups");
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Map<String, Object> g : groups) {
            Map<String, String> m = new LinkedHashMap<>();
            ((Map<String, Object>) g.get("PropertyMap")).forEach((k, v) -> m.put(k, String.valueOf(v)));
            out.put((String) g.get("PropertyGroupId"), m);
        }
        return out;
    }

    static Map<String, String> flatten(Map<String, Map<String, String>> groups) {
        Map<String, String> flat = new TreeMap<>();
        groups.forEach((g, m) -> m.forEach((k, v) -> flat.put(g + "." + k, v)));
        return flat;
    }

    /** What {@link PipelineConfig} reads: its key set, and source.NAME.KEY for its source keys. */
    static boolean jobReads(String key) {
        if (key.startsWith("source.")) {
            String rest = key.substring("source.".length());
            int dot = rest.indexOf('.');
            return dot > 0 && PipelineConfig.SOURCE_KEYS.contains(rest.substring(dot + 1));
        }
        return PipelineConfig.KEYS.contains(key);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theApplicationRunsTheJobJarOnFlink119FromS3() throws Exception {
        CloudFormationTemplate t = CloudFormationTemplate.load(TEMPLATE);
        Map<String, Object> r = t.render(everything());
        assertThat(resource(r, "Application").get("Type")).isEqualTo("AWS::KinesisAnalyticsV2::Application");
        Map<String, Object> app = props(r, "Application");
        assertThat(app.get("RuntimeEnvironment")).isEqualTo("FLINK-1_19");
        assertThat(app.get("ServiceExecutionRole")).isEqualTo("arn:aws:getatt:ExecutionRole.Arn");
        Map<String, Object> config = (Map<String, Object>) app.get("ApplicationConfiguration");
        Map<String, Object> code = (Map<String, Object>) config.get("ApplicationCodeConfiguration");
        assertThat(code.get("CodeContentType")).isEqualTo("ZIPFILE");
        assertThat((Map<String, Object>) ((Map<String, Object>) code.get("CodeContent")).get("S3ContentLocation"))
                .containsEntry("BucketARN", "arn:aws:s3:::artifacts-bucket").containsEntry("FileKey", "siemflink/siemflink-job.jar")
                .containsEntry("ObjectVersion", "v3");
        Map<String, Object> flink = (Map<String, Object>) config.get("FlinkApplicationConfiguration");
        assertThat((Map<String, Object>) flink.get("CheckpointConfiguration")).containsEntry("ConfigurationType", "CUSTOM")
                .containsEntry("CheckpointInterval", "60000");
        assertThat((List<Object>) config.get("VpcConfigurations")).singleElement()
                .isEqualTo(Map.of("SubnetIds", List.of("subnet-0a", "subnet-0b"), "SecurityGroupIds", List.of("sg-01")));
        assertThat(props(r, "ApplicationLogging").get("CloudWatchLoggingOption")).isEqualTo(Map.of("LogStreamARN",
                "arn:aws:logs:eu-west-1:111122223333:log-group:ref-LogGroup:log-stream:ref-LogStream"));

        Map<String, Object> min = (Map<String, Object>) props(t.render(minimal()), "Application").get("ApplicationConfiguration");
        assertThat(min).doesNotContainKey("VpcConfigurations");
        assertThat((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) min.get("ApplicationCodeConfiguration"))
                .get("CodeContent")).get("S3ContentLocation")).doesNotContainKey("ObjectVersion");
    }

    @Test
    void noWildcardActionAnywhereInTheTemplate() throws Exception {
        List<String> actions = new ArrayList<>();
        CloudFormationTemplate.walk(CloudFormationTemplate.load(TEMPLATE).template, m -> {
            if (m.containsKey("Action")) {
                actions.addAll(list(m.get("Action")));
            }
            assertThat(m).doesNotContainKey("NotAction").doesNotContainKey("NotResource");
        });
        assertThat(actions).isNotEmpty().allSatisfy(a -> assertThat(a).matches("[a-z0-9-]+:[A-Za-z]+").doesNotContain("*"));
    }

    @Test
    void theRoleMayDoWhatTheJobCallsOnTheResourcesNamedAndNothingElse() throws Exception {
        CloudFormationTemplate t = CloudFormationTemplate.load(TEMPLATE);
        Map<String, Map<String, Object>> full = statements(t.render(everything()));
        assertThat(full.keySet()).containsExactly("ReadJobJar", "ReadLogObjects", "ReceiveObjectNotifications", "ReadLogStream",
                "IndexIntoOpenSearch", "DecryptLogs", "FindLogGroups", "FindLogStreams", "WriteApplicationLog", "DescribeVpc",
                "ManageApplicationNetworkInterfaces");
        Map<String, Map<String, Object>> scan = statements(t.render(scanningThreePrefixes()));
        assertThat(scan.keySet()).containsExactly("ReadJobJar", "ReadLogObjects", "ListLogPrefixes", "IndexIntoOpenSearch",
                "FindLogGroups", "FindLogStreams", "WriteApplicationLog");
        Map<String, Map<String, Object>> min = statements(t.render(minimal()));

        assertThat(list(full.get("ReadJobJar").get("Resource"))).containsExactly("arn:aws:s3:::artifacts-bucket/siemflink/siemflink-job.jar");
        assertThat(list(full.get("ReadLogObjects").get("Resource"))).containsExactly(
                "arn:aws:s3:::logs-bucket/AWSLogs/111122223333/CloudTrail/*", "arn:aws:s3:::logs-bucket/AWSLogs/111122223333/vpcflowlogs/*",
                "arn:aws:s3:::logs-bucket/AWSLogs/111122223333/elasticloadbalancing/*");
        assertThat(list(min.get("ReadLogObjects").get("Resource"))).containsExactly("arn:aws:s3:::logs-bucket/AWSLogs/*");
        // Listing only under the prefixes, only when the bucket is scanned (SQS announces the objects otherwise).
        assertThat(list(scan.get("ListLogPrefixes").get("Action"))).containsExactly("s3:ListBucket");
        assertThat(list(scan.get("ListLogPrefixes").get("Resource"))).containsExactly("arn:aws:s3:::logs-bucket");
        assertThat(scan.get("ListLogPrefixes").get("Condition")).isEqualTo(Map.of("StringLike", Map.of("s3:prefix", List.of(
                "AWSLogs/111122223333/CloudTrail/*", "AWSLogs/111122223333/vpcflowlogs/*", "AWSLogs/111122223333/elasticloadbalancing/*"))));
        assertThat(list(full.get("ReceiveObjectNotifications").get("Action")))
                .containsExactly("sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:DeleteMessage");
        assertThat(list(full.get("ReceiveObjectNotifications").get("Resource"))).containsExactly(QUEUE);
        // What the connector's KinesisStreamProxy calls (ListShards, GetShardIterator, GetRecords).
        assertThat(list(full.get("ReadLogStream").get("Action")))
                .containsExactly("kinesis:ListShards", "kinesis:GetShardIterator", "kinesis:GetRecords");
        assertThat(list(full.get("ReadLogStream").get("Resource"))).containsExactly(STREAM);
        // The client sends GET (health, template reads), PUT (templates) and POST (_bulk): no DELETE, no admin.
        assertThat(list(full.get("IndexIntoOpenSearch").get("Action"))).containsExactly("es:ESHttpGet", "es:ESHttpPut", "es:ESHttpPost");
        assertThat(list(full.get("IndexIntoOpenSearch").get("Resource"))).containsExactly(DOMAIN, DOMAIN + "/*");
        assertThat(list(full.get("DecryptLogs").get("Action"))).containsExactly("kms:Decrypt");
        assertThat(list(full.get("DecryptLogs").get("Resource"))).containsExactly(KEY);
        assertThat(full.get("DecryptLogs").get("Condition").toString()).contains("s3.eu-west-1.amazonaws.com");

        for (Map<String, Map<String, Object>> role : List.of(full, scan, min)) {
            role.forEach((sid, s) -> {
                List<String> resources = list(s.get("Resource"));
                assertThat(resources).as(sid).isNotEmpty();
                if (sid.equals("DescribeVpc")) {
                    // EC2's Describe* actions support no resource-level permissions: AWS requires "*".
                    assertThat(resources).containsExactly("*");
                    assertThat(list(s.get("Action"))).allSatisfy(a -> assertThat(a).startsWith("ec2:Describe"));
                } else if (sid.equals("FindLogGroups")) {
                    // Listing log groups cannot name one group: the narrowest form is this account's groups in the region.
                    assertThat(resources).containsExactly("arn:aws:logs:eu-west-1:111122223333:log-group:*");
                    assertThat(list(s.get("Action"))).containsExactly("logs:DescribeLogGroups");
                } else {
                    assertThat(resources).as(sid).allSatisfy(res -> {
                        assertThat(res).startsWith("arn:aws:");
                        assertThat(res.split(":", 6)[5]).as(res + ": a resource, not every resource of the service")
                                .doesNotStartWith("*");
                        // Scoped to a named bucket, queue, stream, domain, key or this account's region.
                        assertThat(res).containsAnyOf("artifacts-bucket", "logs-bucket", "111122223333");
                    });
                }
            });
        }
        // The role can be assumed only by Managed Flink, for this account's application.
        String trust = props(t.render(minimal()), "ExecutionRole").get("AssumeRolePolicyDocument").toString();
        assertThat(trust).contains("kinesisanalytics.amazonaws.com").contains("aws:SourceAccount=111122223333")
                .contains("arn:aws:kinesisanalytics:eu-west-1:111122223333:application/siemflink");
    }

    @Test
    void propertyGroupsHoldOnlyKeysTheJobReadsAndMakeAValidConfiguration() throws Exception {
        CloudFormationTemplate t = CloudFormationTemplate.load(TEMPLATE);
        Map<String, Map<String, String>> full = propertyGroups(t.render(everything()));
        Map<String, Map<String, String>> scan = propertyGroups(t.render(scanningThreePrefixes()));
        for (Map<String, Map<String, String>> groups : List.of(full, scan, propertyGroups(t.render(minimal())))) {
            // The service's limits on property groups.
            assertThat(groups).hasSizeLessThanOrEqualTo(50);
            groups.forEach((id, map) -> {
                assertThat(id).matches("[a-zA-Z0-9_.-]{1,50}");
                assertThat(map).isNotEmpty().hasSizeLessThanOrEqualTo(50);
                map.forEach((k, v) -> assertThat(v).as(id + "." + k).isNotEmpty().hasSizeLessThanOrEqualTo(2048));
            });
            assertThat(flatten(groups).keySet()).allSatisfy(k -> assertThat(jobReads(k)).as(k + " is read by the job").isTrue());
        }

        // The same groups, read the way ConfigSources reads them on Managed Flink, make a valid configuration.
        PipelineConfig withQueue = PipelineConfig.from(flatten(full));
        assertThat(withQueue.opensearch().url().toString()).isEqualTo("https://search-siem-abc123.eu-west-1.es.amazonaws.com");
        assertThat(withQueue.opensearch().toString()).contains("sigv4");
        assertThat(withQueue.aws().region()).isEqualTo("eu-west-1");
        assertThat(withQueue.sources()).extracting(SourceConfig::name).containsExactly("logs", "stream");
        assertThat(withQueue.sources().get(0).kind()).isEqualTo(SourceConfig.Kind.SQS);
        assertThat(withQueue.sources().get(0).location()).isEqualTo("https://sqs.eu-west-1.amazonaws.com/111122223333/siem-s3-events");
        assertThat(withQueue.sources().get(1).kind()).isEqualTo(SourceConfig.Kind.KINESIS);
        assertThat(withQueue.sources().get(1).location()).isEqualTo(STREAM);
        assertThat(withQueue.sources().get(1).initialPosition()).isEqualTo("LATEST");
        assertThat(withQueue.indexSetup().replicas()).isEqualTo(1);
        assertThat(withQueue.checkpointInterval()).isEqualTo(java.time.Duration.ofSeconds(60));

        PipelineConfig scanning = PipelineConfig.from(flatten(scan));
        assertThat(scanning.sources()).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo(SourceConfig.Kind.S3);
            assertThat(s.location()).isEqualTo("logs-bucket");
            assertThat(s.prefixes()).containsExactly("AWSLogs/111122223333/CloudTrail/", "AWSLogs/111122223333/vpcflowlogs/",
                    "AWSLogs/111122223333/elasticloadbalancing/");
            assertThat(s.watch()).isTrue();
        });
    }

    @Test
    void theDevFileHasTheTemplatesGroupsAndLoadsThroughTheManagedFlinkPath() throws Exception {
        CloudFormationTemplate t = CloudFormationTemplate.load(TEMPLATE);
        Map<String, Map<String, String>> always = propertyGroups(t.render(minimal()));
        Map<String, Map<String, String>> optional = propertyGroups(t.render(everything()));
        Map<String, Set<String>> dev = new LinkedHashMap<>();
        for (JsonNode g : new ObjectMapper().readTree(DEV_PROPERTIES.toFile())) {
            Set<String> keys = new TreeSet<>();
            g.path("PropertyMap").fieldNames().forEachRemaining(keys::add);
            dev.put(g.path("PropertyGroupId").asText(), keys);
        }
        // Every group the template always sets, with the same keys; optional groups (Kinesis) may be left out.
        for (var e : always.entrySet()) {
            assertThat(dev).as("dev file group " + e.getKey()).containsKey(e.getKey());
            assertThat(dev.get(e.getKey())).as(e.getKey()).containsExactlyInAnyOrderElementsOf(e.getValue().keySet());
        }
        assertThat(optional.keySet()).containsAll(dev.keySet());

        Map<String, String> groups = ConfigSources.managedFlink(DEV_PROPERTIES);
        assertThat(groups.keySet()).allSatisfy(k -> assertThat(jobReads(k)).as(k).isTrue());
        PipelineConfig c = PipelineConfig.from(groups);
        assertThat(c.opensearch().url().toString()).isEqualTo("http://127.0.0.1:9200");
        assertThat(c.sources()).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo(SourceConfig.Kind.FILE);
            assertThat(s.location()).endsWith("test-data/bucket");
            assertThat(s.bounded()).isTrue();
        });
        // JobMain takes the same path (--properties), and --set wins over the groups.
        PipelineConfig viaMain = JobMain.config(new String[] {"--properties", DEV_PROPERTIES.toString(),
                "--set", "index.replicas=2"}, Map.of("OPENSEARCH_URL", "http://127.0.0.1:9201"));
        assertThat(viaMain.opensearch().url().getPort()).isEqualTo(9201);
        assertThat(viaMain.indexSetup().replicas()).isEqualTo(2);
        assertThat(viaMain.sources()).hasSize(1);
    }
}
