package dev.tern.server.auth;

import static dev.tern.server.testing.TernTestServer.ALICE;

import dev.tern.server.testing.RawClient;
import dev.tern.server.testing.TernTestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * SigV4's numbers and dates are read within bounds before anything is computed with them: X-Amz-Expires is 1 to
 * 604800 seconds, and a presigned URL is good from its X-Amz-Date for that long.
 */
class PresignedBoundsTest {
    private static final String QUERY = "Action=DescribeRegions&Version=2016-11-15";

    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    private static SdkHttpRequest presigned(Instant signedAt, Duration validFor) {
        return new RawClient(tern.endpoint(), ALICE, "us-east-1", "ec2").withClock(Clock.fixed(signedAt, ZoneOffset.UTC))
                .sign("GET", "/", QUERY, Map.of(), "", validFor, false);
    }

    private static SdkHttpRequest withParam(SdkHttpRequest r, String name, String rawValue) {
        String query = r.getUri().getRawQuery().replaceAll(name + "=[^&]*", name + "=" + rawValue);
        return r.toBuilder().uri(java.net.URI.create(r.getUri().toString().replace(r.getUri().getRawQuery(), query))).build();
    }

    @Test
    void anXAmzExpiresOutsideOneSecondToAWeekIsRefusedBeforeAnythingIsComputed() throws Exception {
        SdkHttpRequest good = presigned(Instant.now(), Duration.ofMinutes(5));
        for (String expires : List.of("9223372036854775807", "31600000000000000", "-9223372036854775808",
                "99999999999999999999", "0", "-1", "604801", "+60", "060", "%D9%A6%D9%A0", "%EF%BC%96%EF%BC%90", "")) {
            RawClient.sendSigned(withParam(good, "X-Amz-Expires", expires), "")
                    .expectError(400, "IncompleteSignature").messageContains("X-Amz-Expires");
        }
        RawClient.sendSigned(presigned(Instant.now(), Duration.ofSeconds(604800)), "").expectStatus(200);
    }

    @Test
    void anXAmzDateOutOfShapeIsRefused() throws Exception {
        SdkHttpRequest good = presigned(Instant.now(), Duration.ofMinutes(5));
        for (String date : List.of("999999999990101T000000Z", "+20260101T000000Z", "20261332T000000Z", "20260230T000000Z",
                "20260101T250000Z", "2026010T000000Z")) {
            RawClient.sendSigned(withParam(good, "X-Amz-Date", date), "").expectError(400, "IncompleteSignature");
        }
    }

    @Test
    void aPresignedUrlIsGoodFromItsDateForItsExpiry() throws Exception {
        Instant now = Instant.now();
        RawClient.sendSigned(presigned(now.minus(Duration.ofMinutes(30)), Duration.ofHours(1)), "").expectStatus(200);
        RawClient.sendSigned(presigned(now.minus(Duration.ofHours(2)), Duration.ofHours(1)), "")
                .expectError(400, "RequestExpired");
        RawClient.sendSigned(presigned(now.minus(Duration.ofMinutes(10)), Duration.ofMinutes(5)), "")
                .expectError(400, "RequestExpired");
        // Dated in the future: the 15-minute skew allowance.
        RawClient.sendSigned(presigned(now.plus(Duration.ofMinutes(10)), Duration.ofMinutes(5)), "").expectStatus(200);
        RawClient.sendSigned(presigned(now.plus(Duration.ofMinutes(20)), Duration.ofHours(1)), "")
                .expectError(400, "RequestExpired");
    }
}
