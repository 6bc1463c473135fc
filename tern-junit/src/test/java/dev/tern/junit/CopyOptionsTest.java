package dev.tern.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ImageState;

/**
 * The extension's copy settings: a Local Zone, a simulated link and faster simulated time. 8 MiB over a 64 KiB/s link
 * at 60x (3.75 MiB/s real) takes about two seconds, where an uncapped copy takes a fraction of one.
 */
class CopyOptionsTest {
    static final long MiB = 1024 * 1024;

    @RegisterExtension
    static TernExtension tern = TernExtension.builder().regions("us-east-1", "us-west-2")
            .localZone("us-west-2", "us-west-2-lax-1a", "usw2-lax1-az1", false)
            .link("us-west-2", "us-east-1", "64KiB/s")
            .timeScale(60)
            .build();

    @Test
    void copiesMyGoldenImageOverTheSimulatedLink() throws InterruptedException {
        String ami = tern.image("us-west-2").name("golden").withRandomData(8 * MiB).register();
        Ec2Client ec2 = tern.ec2("us-east-1");
        long started = System.nanoTime();
        String copy = ec2.copyImage(r -> r.name("golden-copy").sourceRegion("us-west-2").sourceImageId(ami)).imageId();
        ImageState state = ImageState.PENDING;
        while (state == ImageState.PENDING && System.nanoTime() - started < Duration.ofSeconds(60).toNanos()) {
            Thread.sleep(50);
            state = ec2.describeImages(r -> r.imageIds(copy)).images().get(0).state();
        }
        assertThat(state).isEqualTo(ImageState.AVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(1500));
    }

    @Test
    void showsTheLocalZoneOfItsRegion() {
        assertThat(tern.ec2("us-west-2").describeAvailabilityZones(r -> r.allAvailabilityZones(true))
                .availabilityZones()).anyMatch(z -> z.zoneName().equals("us-west-2-lax-1a")
                        && z.zoneId().equals("usw2-lax1-az1") && "local-zone".equals(z.zoneType()));
    }
}
