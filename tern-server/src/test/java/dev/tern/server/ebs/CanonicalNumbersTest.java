package dev.tern.server.ebs;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.testing.RawClient;
import dev.tern.server.testing.TernTestServer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ebs.EbsClient;

/**
 * Numbers in paths, headers and query strings are canonical ASCII decimal: {@code ١}, {@code １}, {@code +1} and
 * {@code 01} are not block 1, and a block is never stored under a spelling of its index AWS would refuse.
 */
class CanonicalNumbersTest {
    private static final List<String> NOT_ONE = List.of("%D9%A1", "%EF%BC%91", "+1", "%2B1", "01", " 1", "1.0", "0x1", "1e0");

    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    private final RawClient ebs = new RawClient(tern.endpoint(), ALICE, "us-east-1", "ebs");

    private static String block() {
        char[] c = new char[524288];
        Arrays.fill(c, 'n');
        return new String(c);
    }

    private static String checksum(String data) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(data.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    private RawClient.Response put(String snapshotId, String index, String dataLength, String progress) throws Exception {
        String data = block();
        Map<String, String> headers = new java.util.HashMap<>(Map.of("x-amz-Data-Length", dataLength,
                "x-amz-Checksum", checksum(data), "x-amz-Checksum-Algorithm", "SHA256",
                "Content-Type", "application/octet-stream"));
        if (progress != null) {
            headers.put("x-amz-Progress", progress);
        }
        return ebs.send("PUT", "/snapshots/" + snapshotId + "/blocks/" + index, null, headers, data, false);
    }

    private static void expectValidation(RawClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().get("x-amzn-errortype")).singleElement().asString().startsWith("ValidationException");
        assertThat(r.body()).contains("\"Reason\":\"INVALID_PARAMETER_VALUE\"");
    }

    @Test
    void aBlockIndexIsCanonicalDecimal() throws Exception {
        String id;
        try (EbsClient client = tern.ebs(ALICE)) {
            id = client.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
        }
        for (String index : NOT_ONE) {
            expectValidation(put(id, index.replace(" ", "%20"), "524288", null));
        }
        expectValidation(put(id, "1", "+524288", null));
        expectValidation(put(id, "1", "0524288", null));
        expectValidation(put(id, "1", "524288", "050"));
        assertThat(put(id, "1", "524288", "50").status()).isEqualTo(201);
        try (EbsClient client = tern.ebs(ALICE)) {
            client.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(1));
            assertThat(client.listSnapshotBlocks(b -> b.snapshotId(id)).blocks()).singleElement()
                    .satisfies(b -> assertThat(b.blockIndex()).isEqualTo(1));
        }
    }

    @Test
    void queryNumbersAreCanonicalDecimalInEbsAndEc2() throws Exception {
        String id;
        try (EbsClient client = tern.ebs(ALICE)) {
            id = client.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
        }
        expectValidation(ebs.send("GET", "/snapshots/" + id + "/blocks", "maxResults=%2B100", Map.of(), "", false));
        expectValidation(ebs.send("GET", "/snapshots/" + id + "/blocks", "startingBlockIndex=%EF%BC%90", Map.of(), "", false));
        RawClient ec2 = new RawClient(tern.endpoint(), ALICE, "us-east-1", "ec2");
        ec2.post("Action=DescribeImages&Version=2016-11-15&MaxResults=%2B10").expectError(400, "InvalidParameterValue");
        ec2.post("Action=DescribeImages&Version=2016-11-15&MaxResults=010").expectError(400, "InvalidParameterValue");
        ec2.post("Action=DescribeImages&Version=2016-11-15&MaxResults=10").expectStatus(200);
    }
}
