package io.siemflink.parsers.vpcflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Parsers;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.DocIds;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.Timestamp;
import io.siemflink.parsers.testing.GoldenFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class VpcFlowParserTest {
    static final String HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes"
            + " start end action log-status";
    static final String LINE1 = "2 123456789012 eni-0f1e2d3c4b5a69788 10.0.1.25 203.0.113.12 49152 443 6 12 5240"
            + " 1755678600 1755678660 ACCEPT OK";
    static final String LINE2 = "2 123456789012 eni-0f1e2d3c4b5a69788 198.51.100.77 10.0.1.25 51812 22 6 3 180"
            + " 1755678601 1755678659 REJECT OK";

    static CollectingSink parse(VpcFlowParser p, String content, SourceRef src) throws IOException {
        CollectingSink s = new CollectingSink();
        p.parse(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), src, s);
        return s;
    }

    static CollectingSink parse(String content) throws IOException {
        return parse(new VpcFlowParser(ParserOptions.defaults()), content, SourceRef.of("test"));
    }

    @Test
    void lastLineWithoutTrailingNewlineIsADocument() throws IOException {
        CollectingSink s = parse(HEADER + "\n" + LINE1 + "\n" + LINE2);
        assertThat(s.events).hasSize(2);
        assertThat(s.events.get(1).get("source.address")).isEqualTo("198.51.100.77");
        assertThat(s.events.get(1).get("event.outcome")).isEqualTo("failure");
        assertThat(s.deadLetters).isEmpty();
        assertThat(s.skips).extracting(k -> k.reason()).containsExactly("header_line");
    }

    @Test
    void nDataLinesGiveNDocuments() throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        int n = 2500;
        for (int i = 0; i < n; i++) {
            sb.append("2 123456789012 eni-0f1e2d3c4b5a69788 10.0.").append(i % 250).append(".9 203.0.113.12 ")
                    .append(1024 + i).append(" 443 6 3 180 1755678600 1755678660 ACCEPT OK");
            if (i < n - 1) {
                sb.append('\n');
            }
        }
        CollectingSink s = parse(sb.toString());
        assertThat(s.events).hasSize(n);
        assertThat(s.deadLetters).isEmpty();
        assertThat(s.events.stream().map(Event::id).distinct().count()).isEqualTo(n);
        assertThat(s.events.get(n - 1).get("source.port")).isEqualTo(1024L + n - 1);
        assertThat(s.events.get(n - 1).position()).isEqualTo(n); // 0-based line index; line 0 is the header
    }

    @Test
    void typedValues() throws IOException {
        Event e = parse(LINE1).events.get(0);
        assertThat(e.get("@timestamp")).isEqualTo(Timestamp.ofEpochSecond(1755678660));
        assertThat(e.get("event.start")).isEqualTo(Timestamp.ofEpochSecond(1755678600));
        assertThat(e.get("source.port")).isEqualTo(49152L);
        assertThat(e.get("network.iana_number")).isEqualTo("6");
        assertThat(e.get("network.transport")).isEqualTo("tcp");
        assertThat(e.get("event.type")).isEqualTo(List.of("connection", "allowed"));
        assertThat(e.get("event.category")).isEqualTo(List.of("network"));
        assertThat(e.get("event.dataset")).isEqualTo("aws.vpcflow");
        assertThat(e.get("related.ip")).isEqualTo(List.of("10.0.1.25", "203.0.113.12"));
        JsonNode doc = GoldenFiles.document(e);
        assertThat(doc.at("/source/bytes").isNumber()).isTrue();
        assertThat(doc.at("/aws/vpcflow/version").asText()).isEqualTo("2");
    }

    @Test
    void documentIdIsTheHashOfTheRawLine() throws IOException {
        Event e = parse(HEADER + "\n" + LINE1 + "\n").events.get(0);
        assertThat(e.id()).isEqualTo(DocIds.of(LogType.VPCFLOW, LINE1));
        assertThat(parse(LINE1).events.get(0).id()).isEqualTo(e.id());
        String wrapped = "{\"message\":\"" + LINE1 + "\"}";
        Event w = parse(wrapped).events.get(0);
        assertThat(w.id()).isEqualTo(DocIds.of(LogType.VPCFLOW, wrapped));
        assertThat(w.original()).isEqualTo(LINE1);
    }

    @Test
    void originalIsKeptOnTheEventButWrittenOnlyWhenAsked() throws IOException {
        Event plain = parse(LINE1).events.get(0);
        assertThat(plain.original()).isEqualTo(LINE1);
        assertThat(plain.get("event.original")).isNull();
        VpcFlowParser keep = new VpcFlowParser(ParserOptions.defaults().withKeepOriginal(true));
        Event kept = parse(keep, LINE1, SourceRef.of("t")).events.get(0);
        assertThat(GoldenFiles.document(kept).at("/event/original").asText()).isEqualTo(LINE1);
    }

    @Test
    void headerIsPerParseCall() throws IOException {
        VpcFlowParser p = new VpcFlowParser(ParserOptions.defaults());
        String custom = "srcaddr dstaddr action\n10.0.0.1 10.0.0.2 REJECT\n";
        CollectingSink a = parse(p, custom, SourceRef.of("a"));
        assertThat(a.events).hasSize(1);
        assertThat(a.events.get(0).get("event.outcome")).isEqualTo("failure");
        // The next input has no header: the previous input's header must not apply.
        CollectingSink b = parse(p, "10.0.0.1 10.0.0.2 REJECT\n", SourceRef.of("b"));
        assertThat(b.events).isEmpty();
        assertThat(b.deadLetters).singleElement().satisfies(d ->
                assertThat(d.reason()).isEqualTo("unknown_format: 3 fields; set the vpc format"));
    }

    @Test
    void configuredFormatAcceptsLogFormatSyntaxAndAHeaderOverridesIt() throws IOException {
        VpcFlowParser p = new VpcFlowParser(ParserOptions.defaults()
                .withVpcFormat("${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${action} ${end}"));
        CollectingSink s = parse(p, "10.0.0.1 10.0.0.2 5000 53 17 ACCEPT 1755678660\n"
                + "dstaddr srcaddr\n10.0.0.9 10.0.0.8\n", SourceRef.of("t"));
        assertThat(s.events).hasSize(2);
        assertThat(s.events.get(0).get("network.transport")).isEqualTo("udp");
        assertThat(s.events.get(0).get("@timestamp")).isEqualTo(Timestamp.ofEpochSecond(1755678660));
        assertThat(s.events.get(1).get("source.ip")).isEqualTo("10.0.0.8");
        assertThat(s.events.get(1).get("destination.ip")).isEqualTo("10.0.0.9");
        // with a configured format a wrong count says which format it was checked against
        CollectingSink bad = parse(p, "10.0.0.1 10.0.0.2 5000\n", SourceRef.of("t"));
        assertThat(bad.deadLetters.get(0).reason())
                .isEqualTo("field_count: the line has 3 fields, the configured vpc format has 7");
    }

    @Test
    void invalidConfiguredFormatFailsOnConstruction() {
        assertThatThrownBy(() -> new VpcFlowParser(ParserOptions.defaults().withVpcFormat("srcaddr srcaddr")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> new VpcFlowParser(ParserOptions.defaults().withVpcFormat("srcaddr Dst.Addr")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid field name");
        assertThatThrownBy(() -> new Parsers(ParserOptions.defaults().withVpcFormat("$")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownFieldsPassThroughAsKeywords() throws IOException {
        CollectingSink s = parse("version srcaddr interface-type next-hop-vpc-id\n11 10.0.0.1 nat_gateway vpc-0abc\n");
        Event e = s.events.get(0);
        assertThat(e.get("aws.vpcflow.interface_type")).isEqualTo("nat_gateway");
        assertThat(e.get("aws.vpcflow.next_hop_vpc_id")).isEqualTo("vpc-0abc");
        assertThat(e.get("aws.vpcflow.version")).isEqualTo("11");
    }

    @Test
    void invalidHeaderDeadLettersItAndTheLinesThatDependOnIt() throws IOException {
        CollectingSink s = parse("srcaddr srcaddr\n10.0.0.1 10.0.0.2\n" + HEADER + "\n" + LINE1 + "\n");
        assertThat(s.deadLetters).extracting(d -> d.reasonCode()).containsExactly("invalid_header", "no_format");
        assertThat(s.events).hasSize(1);
    }

    @Test
    void accountAndRegionFromTheS3KeyWhenTheRecordLacksThem() throws IOException {
        SourceRef src = SourceRef.s3("b", "AWSLogs/111122223333/vpcflowlogs/eu-central-1/2025/08/20/x.log.gz");
        VpcFlowParser p = new VpcFlowParser(ParserOptions.defaults());
        Event fromKey = parse(p, "srcaddr dstaddr\n10.0.0.1 10.0.0.2\n", src).events.get(0);
        assertThat(fromKey.get("cloud.account.id")).isEqualTo("111122223333");
        assertThat(fromKey.get("cloud.region")).isEqualTo("eu-central-1");
        Event fromRecord = parse(p, "account-id region\n999988887777 us-west-2\n", src).events.get(0);
        assertThat(fromRecord.get("cloud.account.id")).isEqualTo("999988887777");
        assertThat(fromRecord.get("cloud.region")).isEqualTo("us-west-2");
        Event dash = parse(p, "account-id region srcaddr\n- - 10.0.0.1\n", src).events.get(0);
        assertThat(dash.get("cloud.account.id")).isEqualTo("111122223333");
        assertThat(dash.get("cloud.region")).isEqualTo("eu-central-1");
    }

    @Test
    void parseRecordHandlesOneCloudWatchMessage() {
        VpcFlowParser p = new VpcFlowParser(ParserOptions.defaults());
        CollectingSink s = new CollectingSink();
        p.parseRecord(LINE1 + "\n", SourceRef.of("kinesis"), 7, s);
        p.parseRecord("2 123 eni-1", SourceRef.of("kinesis"), 8, s);
        p.parseRecord("  ", SourceRef.of("kinesis"), 9, s);
        p.parseRecord(null, SourceRef.of("kinesis"), 10, s);
        assertThat(s.events).singleElement().satisfies(e -> {
            assertThat(e.position()).isEqualTo(7);
            assertThat(e.id()).isEqualTo(DocIds.of(LogType.VPCFLOW, LINE1));
        });
        assertThat(s.deadLetters).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("unknown_format: 3 fields; set the vpc format");
            assertThat(d.line()).isEqualTo(9);
        });
        assertThat(s.skips).hasSize(2);
        assertThat(s.total()).isEqualTo(4);
    }

    @Test
    void multipleSpacesSeparateLikeOne() throws IOException {
        // The AWS user guide itself has an example line with a double space.
        CollectingSink s = parse(LINE1.replace(" 443 ", "  443   "));
        assertThat(s.events).hasSize(1);
        assertThat(s.events.get(0).get("destination.port")).isEqualTo(443L);
    }
}
