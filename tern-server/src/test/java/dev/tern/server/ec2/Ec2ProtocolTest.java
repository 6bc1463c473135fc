package dev.tern.server.ec2;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.server.testing.RawClient;
import dev.tern.server.testing.TernTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeRegionsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** The EC2 Query protocol as the SDK and raw signed requests see it. */
class Ec2ProtocolTest {
    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    @Test
    void describeRegionsAnswersWithTheConfiguredRegions() {
        try (Ec2Client ec2 = tern.ec2(ALICE)) {
            DescribeRegionsResponse r = ec2.describeRegions(b -> b.regionNames("us-west-2"));
            assertThat(r.regions()).singleElement().satisfies(region -> {
                assertThat(region.regionName()).isEqualTo("us-west-2");
                assertThat(region.endpoint()).isEqualTo("ec2.us-west-2.amazonaws.com");
                assertThat(region.optInStatus()).isEqualTo("opt-in-not-required");
            });
            assertThat(r.responseMetadata().requestId()).isNotBlank();
            assertThat(ec2.describeRegions().regions()).hasSize(3);
        }
    }

    @Test
    void dryRunAnswersDryRunOperationWith412() {
        try (Ec2Client ec2 = tern.ec2(ALICE)) {
            assertThatThrownBy(() -> ec2.describeRegions(b -> b.dryRun(true)))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DryRunOperation");
                        assertThat(e.statusCode()).isEqualTo(412);
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("Request would have succeeded, but DryRun flag is set.");
                        assertThat(e.requestId()).isNotBlank();
                    });
        }
    }

    @Test
    void anUnknownFilterIsInvalidParameterValue() {
        try (Ec2Client ec2 = tern.ec2(ALICE)) {
            assertThatThrownBy(() -> ec2.describeRegions(b -> b.filters(f -> f.name("colour").values("x"))))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
                        assertThat(e.statusCode()).isEqualTo(400);
                    });
        }
    }

    @Test
    void protocolErrorsCarryTheirCodes() throws Exception {
        RawClient raw = new RawClient(tern.endpoint(), ALICE, "us-east-1", "ec2");
        raw.post("Action=Frobnicate&Version=2016-11-15").expectError(400, "InvalidAction");
        raw.post("Version=2016-11-15").expectError(400, "MissingAction");
        raw.post("Action=DescribeRegions&Version=2016-11-15&Colour=blue").expectError(400, "UnknownParameter").messageContains("Colour");
        raw.post("Action=DescribeRegions&Version=2016-11-15&AllRegions=maybe").expectError(400, "InvalidParameterValue");
        raw.post("Action=DescribeRegions&Version=2016-11-15&RegionName.x=us-east-1").expectError(400, "UnknownParameter");
        raw.post("Action=DescribeRegions&Version=2016-11-15&Filter.1.Name=region-name&Filter.1.Value.1=%ZZ").expectError(400, "MalformedQueryString");
        raw.post("Action=DescribeRegions").expectError(400, "MissingParameter");
    }

    @Test
    void getWithAQueryStringWorksLikePost() throws Exception {
        RawClient raw = new RawClient(tern.endpoint(), ALICE, "us-east-1", "ec2");
        var r = raw.get("Action=DescribeRegions&Version=2016-11-15&RegionName.1=eu-west-1");
        r.expectStatus(200);
        assertThat(r.body()).contains("<DescribeRegionsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">")
                .contains("<regionName>eu-west-1</regionName>").contains("<requestId>");
    }

    @Test
    void presignedQueryStringAuthenticationIsAccepted() throws Exception {
        RawClient raw = new RawClient(tern.endpoint(), ALICE, "us-east-1", "ec2");
        raw.presignedGet("Action=DescribeRegions&Version=2016-11-15").expectStatus(200);
    }
}
