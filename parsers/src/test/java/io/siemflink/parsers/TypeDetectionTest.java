package io.siemflink.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.TypeDetector.Kind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TypeDetectionTest {
    private static Kind detect(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return TypeDetector.detect(b, b.length);
    }

    @Test
    void keyLayoutNamesTypeAccountAndRegion() {
        AwsKey ct = AwsKey.parse("logs/AWSLogs/111122223333/CloudTrail/us-east-1/2024/01/02/111122223333_CloudTrail_us-east-1_20240102T0000Z_abc.json.gz");
        assertThat(ct).isEqualTo(new AwsKey(LogType.CLOUDTRAIL, "111122223333", "us-east-1", null));
        AwsKey org = AwsKey.parse("AWSLogs/o-abc123/111122223333/CloudTrail/eu-west-1/2024/01/02/f.json.gz");
        assertThat(org.account()).isEqualTo("111122223333");
        assertThat(org.type()).isEqualTo(LogType.CLOUDTRAIL);
        assertThat(AwsKey.parse("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/01/02/x_CloudTrail-Digest_y.json.gz").skipReason())
                .isEqualTo("cloudtrail digest file");
        assertThat(AwsKey.parse("AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2024/01/02/x.json.gz").type()).isEqualTo(LogType.CLOUDTRAIL);
        assertThat(AwsKey.parse("AWSLogs/111122223333/vpcflowlogs/us-west-2/2024/01/02/111122223333_vpcflowlogs_us-west-2_fl-1_20240102T0000Z_h.log.gz"))
                .isEqualTo(new AwsKey(LogType.VPCFLOW, "111122223333", "us-west-2", null));
        assertThat(AwsKey.parse("p/AWSLogs/111122223333/elasticloadbalancing/ap-south-1/2024/01/02/f.log.gz").type()).isEqualTo(LogType.ELB);
        assertThat(AwsKey.parse("some/other/key.log.gz").type()).isNull();
        assertThat(AwsKey.parse(null).type()).isNull();
    }

    @Test
    void contentTellsTheFamily() {
        assertThat(detect("{\"Records\":[{\"eventVersion\":\"1.08\"}]}")).isEqualTo(Kind.CLOUDTRAIL);
        assertThat(detect("  {\"eventVersion\":\"1.08\",\"userIdentity\":{}}\n")).isEqualTo(Kind.CLOUDTRAIL);
        assertThat(detect("{\"version\":\"0\",\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":{}}")).isEqualTo(Kind.CLOUDTRAIL);
        assertThat(detect("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\",\"logEvents\":[]}")).isEqualTo(Kind.CLOUDWATCH_ENVELOPE);
        assertThat(detect("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n2 1 eni-1 1.1.1.1 2.2.2.2 1 2 6 1 1 1 2 ACCEPT OK"))
                .isEqualTo(Kind.VPCFLOW);
        assertThat(detect("2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK"))
                .isEqualTo(Kind.VPCFLOW);
        assertThat(detect("{\"message\":\"2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\"}"))
                .isEqualTo(Kind.VPCFLOW);
        assertThat(detect("h2 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 10.0.1.252:48160 10.0.0.66:9000 0.000 0.002 0.000 200 200 5 257 \"GET https://10.0.2.105:773/ HTTP/2.0\""))
                .isEqualTo(Kind.ELB);
        assertThat(detect("tls 2.0 2018-12-20T02:59:40 net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd 72.21.218.154:51341 172.100.100.185:443 5 2 98 246"))
                .isEqualTo(Kind.ELB);
        assertThat(detect("2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 \"GET http://www.example.com:80/ HTTP/1.1\""))
                .isEqualTo(Kind.ELB);
        assertThat(detect("hello world, this is not a log")).isEqualTo(Kind.UNKNOWN);
        assertThat(detect("")).isEqualTo(Kind.UNKNOWN);
        assertThat(detect("\u0000\u0001\u0002 binary")).isEqualTo(Kind.UNKNOWN);
    }
}
