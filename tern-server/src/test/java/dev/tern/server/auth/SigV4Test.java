package dev.tern.server.auth;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.server.testing.RawClient;
import dev.tern.server.testing.TernTestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** SigV4 as EC2 enforces it: the signer's secret, the clock, the scope's Region. */
class SigV4Test {
    private static final String FORM = "Action=DescribeRegions&Version=2016-11-15";

    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    private Ec2Client clientWith(String accessKey, String secret, String region) {
        return Ec2Client.builder().endpointOverride(tern.endpoint()).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .httpClient(ApacheHttpClient.create()).build();
    }

    @Test
    void aWrongSecretIsSignatureDoesNotMatchWith403() {
        try (Ec2Client ec2 = clientWith(TernTestServer.accessKey(ALICE), "not-the-secret", "us-east-1")) {
            assertThatThrownBy(ec2::describeRegions).isInstanceOfSatisfying(Ec2Exception.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                assertThat(e.statusCode()).isEqualTo(403);
            });
        }
    }

    @Test
    void anUnknownAccessKeyIsAuthFailureWith401() {
        try (Ec2Client ec2 = clientWith("AKIANOBODY0000000000", "whatever", "us-east-1")) {
            assertThatThrownBy(ec2::describeRegions).isInstanceOfSatisfying(Ec2Exception.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AuthFailure");
                assertThat(e.statusCode()).isEqualTo(401);
            });
        }
    }

    @Test
    void aMissingSignatureIsAuthFailure() throws Exception {
        var unsigned = software.amazon.awssdk.http.SdkHttpRequest.builder()
                .method(software.amazon.awssdk.http.SdkHttpMethod.POST).uri(tern.endpoint())
                .putHeader("Content-Type", "application/x-www-form-urlencoded").build();
        RawClient.sendSigned(unsigned, FORM).expectError(401, "AuthFailure");
    }

    @Test
    void aGarbledAuthorizationHeaderIsIncompleteSignature() throws Exception {
        var r = software.amazon.awssdk.http.SdkHttpRequest.builder()
                .method(software.amazon.awssdk.http.SdkHttpMethod.POST).uri(tern.endpoint())
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .putHeader("X-Amz-Date", "20260101T000000Z")
                .putHeader("Authorization", "AWS4-HMAC-SHA256 Credential=nonsense").build();
        RawClient.sendSigned(r, FORM).expectError(400, "IncompleteSignature");
    }

    @Test
    void aClockMoreThanFifteenMinutesOffIsRequestExpired() throws Exception {
        Instant now = Instant.now();
        for (Duration skew : new Duration[] {Duration.ofMinutes(16), Duration.ofMinutes(-16)}) {
            RawClient raw = new RawClient(tern.endpoint(), ALICE, "us-east-1", "ec2")
                    .withClock(Clock.fixed(now.plus(skew), ZoneOffset.UTC));
            raw.post(FORM).expectError(400, "RequestExpired");
        }
        RawClient withinSkew = new RawClient(tern.endpoint(), ALICE, "us-east-1", "ec2")
                .withClock(Clock.fixed(now.minus(Duration.ofMinutes(14)), ZoneOffset.UTC));
        withinSkew.post(FORM).expectStatus(200);
    }

    @Test
    void anUnknownRegionInTheScopeIsRefused() {
        try (Ec2Client ec2 = tern.ec2(ALICE, "ap-nowhere-1")) {
            assertThatThrownBy(ec2::describeRegions).isInstanceOfSatisfying(Ec2Exception.class, e ->
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AuthFailure"));
        }
    }

    @Test
    void theRegionOfARequestIsItsScopesRegion() throws Exception {
        // A region that Tern serves but that is not in the default client configuration: us-west-2.
        try (Ec2Client ec2 = tern.ec2(ALICE, "us-west-2")) {
            assertThat(ec2.describeRegions().regions()).isNotEmpty();
        }
    }

    @Test
    void aTamperedBodyFailsTheSignature() throws Exception {
        var signed = software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create(TernTestServer.accessKey(ALICE), TernTestServer.secret(ALICE)))
                .request(software.amazon.awssdk.http.SdkHttpRequest.builder()
                        .method(software.amazon.awssdk.http.SdkHttpMethod.POST).uri(tern.endpoint())
                        .headers(Map.of("Content-Type", java.util.List.of("application/x-www-form-urlencoded"))).build())
                .payload(software.amazon.awssdk.http.ContentStreamProvider.fromUtf8String(FORM))
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ec2")
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        RawClient.sendSigned(signed.request(), FORM + "&DryRun=true").expectError(403, "SignatureDoesNotMatch");
    }
}
