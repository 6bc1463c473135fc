package dev.tern.server.auth;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tern.error.ErrorCode;
import dev.tern.server.testing.RawClient;
import dev.tern.server.testing.TernTestServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.outposts.OutpostsClient;

/**
 * A request signed for a Region the server does not serve is refused on every protocol with an error that names
 * the Region (EC2's AuthFailure; InvalidSignatureException in the JSON protocols), before anything else is looked
 * at: not an error about the key, the token or the resource.
 */
class ScopeRegionTest {
    private static final String SNAPSHOT = "snap-0123456789abcdef0";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    private static String message(String region) {
        return "Credential should be scoped to a valid region, not '" + region + "'.";
    }

    @Test
    void theSdkClientsOfEveryProtocolSeeARegionError() {
        for (String region : List.of("xx", "ap-nowhere-1")) {
            try (Ec2Client ec2 = tern.ec2(ALICE, region)) {
                assertRegionError(() -> ec2.describeRegions(), region, "AuthFailure", 401);
            }
            int json = ErrorCode.InvalidSignatureException.httpStatus();
            try (KmsClient kms = tern.kms(ALICE, region)) {
                assertRegionError(() -> kms.listKeys(), region, "InvalidSignatureException", json);
            }
            try (EbsClient ebs = tern.ebs(ALICE, region)) {
                assertRegionError(() -> ebs.listSnapshotBlocks(b -> b.snapshotId(SNAPSHOT)), region,
                        "InvalidSignatureException", json);
            }
            try (OutpostsClient outposts = tern.extension().outpostsBuilder(ALICE, region).build()) {
                assertRegionError(() -> outposts.listOutposts(b -> { }), region, "InvalidSignatureException", json);
            }
        }
    }

    private static void assertRegionError(Runnable call, String region, String code, int status) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).as("code of %s", e).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message(region));
            assertThat(e.statusCode()).isEqualTo(status);
        });
    }

    /** The same refusals on the wire, signed by the SDK's signer: each protocol's own error document. */
    @Test
    void eachProtocolWritesTheRegionErrorInItsOwnFormat() throws Exception {
        RawClient ec2 = new RawClient(tern.endpoint(), ALICE, "xx", "ec2");
        RawClient.Response r = ec2.post("Action=DescribeRegions&Version=2016-11-15").expectError(401, "AuthFailure");
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(xml.getElementsByTagName("Message").item(0).getTextContent()).isEqualTo(message("xx"));

        RawClient kms = new RawClient(tern.endpoint(), ALICE, "xx", "kms");
        r = kms.send("POST", "/", null, Map.of("Content-Type", "application/x-amz-json-1.1",
                "X-Amz-Target", "TrentService.ListKeys"), "{}", false);
        assertJsonError(r, "__type");

        RawClient ebs = new RawClient(tern.endpoint(), ALICE, "xx", "ebs");
        r = ebs.send("GET", "/snapshots/" + SNAPSHOT + "/blocks", null, Map.of(), "", false);
        assertJsonError(r, "x-amzn-ErrorType");

        RawClient outposts = new RawClient(tern.endpoint(), ALICE, "xx", "outposts");
        r = outposts.send("GET", "/outposts", null, Map.of(), "", false);
        assertJsonError(r, "x-amzn-ErrorType");
    }

    /** A JSON error whose type is InvalidSignatureException, given in the body's {@code __type} or in a header. */
    private static void assertJsonError(RawClient.Response r, String typeIn) throws Exception {
        assertThat(r.status()).as("status of %s", r.body()).isEqualTo(ErrorCode.InvalidSignatureException.httpStatus());
        JsonNode body = JSON.readTree(r.body());
        String type = typeIn.equals("__type") ? body.path("__type").asText()
                : r.headers().getOrDefault(typeIn, List.of("")).get(0);
        assertThat(type).as("error type of %s", r.body()).isEqualTo("InvalidSignatureException");
        assertThat(body.path("message").asText()).isEqualTo(message("xx"));
        assertThat(r.headers().get("x-amzn-RequestId")).as("request id").isNotEmpty();
    }
}
