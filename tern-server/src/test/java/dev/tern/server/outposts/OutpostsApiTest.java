package dev.tern.server.outposts;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static dev.tern.server.testing.TernTestServer.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.server.testing.TernTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.outposts.OutpostsClient;
import software.amazon.awssdk.services.outposts.model.NotFoundException;
import software.amazon.awssdk.services.outposts.model.OutpostsException;

/** The Outposts API lists the Outposts an account owns in the Region it calls. */
class OutpostsApiTest {
    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    @Test
    void theOwnerListsAndGetsItsOutpost() {
        try (OutpostsClient outposts = tern.outposts(ALICE)) {
            assertThat(outposts.listOutposts(b -> { }).outposts()).singleElement().satisfies(o -> {
                assertThat(o.outpostArn()).isEqualTo(TernTestServer.OUTPOST_ARN);
                assertThat(o.outpostId()).isEqualTo("op-0123456789abcdef0");
                assertThat(o.ownerId()).isEqualTo(ALICE);
                assertThat(o.lifeCycleStatus()).isEqualTo("ACTIVE");
            });
            assertThat(outposts.getOutpost(b -> b.outpostId("op-0123456789abcdef0")).outpost().outpostArn())
                    .isEqualTo(TernTestServer.OUTPOST_ARN);
        }
    }

    @Test
    void anotherAccountSeesNoneAndGetsNotFound() {
        try (OutpostsClient outposts = tern.outposts(BOB)) {
            assertThat(outposts.listOutposts(b -> { }).outposts()).isEmpty();
            assertThatThrownBy(() -> outposts.getOutpost(b -> b.outpostId("op-0123456789abcdef0")))
                    .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        }
    }

    @Test
    void aWrongSecretIsRefusedInTheJsonForm() {
        try (OutpostsClient outposts = OutpostsClient.builder().endpointOverride(tern.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                TernTestServer.accessKey(ALICE), "wrong")))
                .httpClient(software.amazon.awssdk.http.apache.ApacheHttpClient.create()).build()) {
            assertThatThrownBy(() -> outposts.listOutposts(b -> { })).isInstanceOfSatisfying(OutpostsException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                assertThat(e.statusCode()).isEqualTo(403);
            });
        }
    }
}
