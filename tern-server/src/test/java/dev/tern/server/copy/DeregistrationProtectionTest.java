package dev.tern.server.copy;

import static dev.tern.server.copy.CopyRulesTest.assertError;
import static dev.tern.server.testing.TernTestServer.ALICE;
import static dev.tern.server.testing.TernTestServer.BOB;
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
import software.amazon.awssdk.services.ec2.model.ImageAttributeName;
import software.amazon.awssdk.services.ec2.model.ImageState;

/**
 * Deregistration protection (docs/copying.md), on a server whose clock the test moves: "a protected image refuses
 * DeregisterImage", and protection enabled "WithCooldown" lasts 24 hours after it is disabled.
 */
class DeregistrationProtectionTest {
    static final MutableClock clock = new MutableClock(Instant.now());

    @RegisterExtension
    static TernTestServer tern = new TernTestServer(UnaryOperator.identity(), clock);

    private final Random random = new Random(13);

    private String image(Ec2Client ec2, String name) {
        try (EbsClient ebs = tern.ebs(ALICE)) {
            return Disks.registerImage(ec2, name, Disks.snapshot(ebs, Disks.randomBlocks(random, 1), null, null, null));
        }
    }

    private static String shown(Ec2Client ec2, String imageId) {
        String described = ec2.describeImages(r -> r.imageIds(imageId)).images().get(0).deregistrationProtection();
        String attribute = ec2.describeImageAttribute(r -> r.imageId(imageId)
                .attribute(ImageAttributeName.DEREGISTRATION_PROTECTION)).deregistrationProtection().value();
        assertThat(attribute).isEqualTo(described);
        return described;
    }

    @Test
    @DisplayName("Deregistration protection: DeregisterImage of a protected image is refused "
            + "(InvalidParameterValue) until protection is disabled; DescribeImages and "
            + "DescribeImageAttribute show it")
    void aProtectedImageRefusesDeregisterImageUntilProtectionIsDisabled() {
        try (Ec2Client ec2 = tern.ec2SigningByServerClock(ALICE, "us-east-1")) {
            String id = image(ec2, "protected");
            assertThat(shown(ec2, id)).isEqualTo("disabled");

            assertThat(ec2.enableImageDeregistrationProtection(r -> r.imageId(id)).returnValue()).isEqualTo("true");
            assertThat(shown(ec2, id)).isEqualTo("enabled");
            assertError(() -> ec2.deregisterImage(r -> r.imageId(id)), "InvalidParameterValue", 400);
            assertThat(ec2.describeImages(r -> r.imageIds(id)).images().get(0).state()).isEqualTo(ImageState.AVAILABLE);

            ec2.disableImageDeregistrationProtection(r -> r.imageId(id));
            assertThat(shown(ec2, id)).isEqualTo("disabled");
            ec2.deregisterImage(r -> r.imageId(id));
            assertThat(ec2.describeImages(r -> r.imageIds(id)).images().get(0).state())
                    .isEqualTo(ImageState.DEREGISTERED);
        }
    }

    @Test
    @DisplayName("Deregistration protection WithCooldown lasts 24 hours after it is disabled")
    void withCooldownDeregistrationStaysRefusedForTwentyFourHoursAfterProtectionIsDisabled() {
        try (Ec2Client ec2 = tern.ec2SigningByServerClock(ALICE, "us-east-1")) {
            String id = image(ec2, "cooling-down");
            ec2.enableImageDeregistrationProtection(r -> r.imageId(id).withCooldown(true));
            assertThat(shown(ec2, id)).isEqualTo("enabled");
            ec2.disableImageDeregistrationProtection(r -> r.imageId(id));
            assertThat(shown(ec2, id)).isEqualTo("disabled");

            clock.advance(Duration.ofHours(24).minusMinutes(1));
            assertError(() -> ec2.deregisterImage(r -> r.imageId(id)), "InvalidParameterValue", 400);
            clock.advance(Duration.ofMinutes(2));
            ec2.deregisterImage(r -> r.imageId(id));
            assertThat(ec2.describeImages(r -> r.imageIds(id)).images().get(0).state())
                    .isEqualTo(ImageState.DEREGISTERED);
        }
    }

    @Test
    @DisplayName("Only the owner changes deregistration protection, and a copy starts unprotected")
    void onlyTheOwnerChangesProtectionAndACopyDoesNotInheritIt() throws Exception {
        try (Ec2Client alice = tern.ec2SigningByServerClock(ALICE, "us-east-1");
             Ec2Client bob = tern.ec2SigningByServerClock(BOB, "us-east-1")) {
            String id = image(alice, "shared-protected");
            alice.enableImageDeregistrationProtection(r -> r.imageId(id));
            alice.modifyImageAttribute(r -> r.imageId(id).launchPermission(p -> p.add(a -> a.userId(BOB))));
            assertError(() -> bob.disableImageDeregistrationProtection(r -> r.imageId(id)), "AuthFailure", 401);
            assertError(() -> bob.enableImageDeregistrationProtection(r -> r.imageId("ami-0123456789abcdef0")),
                    "InvalidAMIID.NotFound", 400);

            String copy = alice.copyImage(r -> r.name("copy-of-protected").sourceRegion("us-east-1").sourceImageId(id))
                    .imageId();
            assertThat(shown(alice, copy)).isEqualTo("disabled");
        }
    }
}
