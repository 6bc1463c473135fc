package dev.tern.server.copy;

import static dev.tern.server.copy.CopyRulesTest.assertError;
import static dev.tern.server.copy.CopyRulesTest.filter;
import static dev.tern.server.copy.CopyRulesTest.imageIds;
import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.testing.TernTestServer;
import dev.tern.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** CopyImage's ClientToken over time (docs/copying.md), on a server whose clock the test moves. */
class ClientTokenLifetimeTest {
    static final MutableClock clock = new MutableClock(Instant.now());

    @RegisterExtension
    static TernTestServer tern = new TernTestServer(UnaryOperator.identity(), clock);

    @Test
    @DisplayName("ClientToken: tokens are kept at least 24 hours")
    void aClientTokenStillAnswersWithTheFirstImageADayLater() {
        try (Ec2Client ec2 = tern.ec2SigningByServerClock(ALICE, "us-east-1")) {
            String source;
            try (EbsClient ebs = tern.ebs(ALICE, "us-east-1")) {
                source = Disks.registerImage(ec2, "token-day-source",
                        Disks.snapshot(ebs, Disks.randomBlocks(new Random(71), 1), null, null, null));
            }
            String first = ec2.copyImage(r -> r.name("token-day").sourceRegion("us-east-1").sourceImageId(source)
                    .clientToken("kept-a-day")).imageId();
            clock.advance(Duration.ofHours(24).plusMinutes(5));
            assertThat(ec2.copyImage(r -> r.name("token-day").sourceRegion("us-east-1").sourceImageId(source)
                    .clientToken("kept-a-day")).imageId()).isEqualTo(first);
            assertError(() -> ec2.copyImage(r -> r.name("token-day-other").sourceRegion("us-east-1")
                    .sourceImageId(source).clientToken("kept-a-day")), "IdempotentParameterMismatch", 400);
            assertThat(imageIds(ec2, filter("source-image-id", source))).containsExactly(first);
        }
    }
}
