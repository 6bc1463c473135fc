package dev.tern.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GoldenImageTest {
    static final long MiB = 1024 * 1024;

    @RegisterExtension
    static TernExtension tern = TernExtension.builder().regions("us-east-1", "us-west-2").build();

    @Test
    @Order(1)
    void findsMyGoldenImageAndReadsItsBlocks(@TernClient(region = "us-west-2") EbsClient ebs) {
        String ami = tern.image("us-west-2").name("golden").withRandomData(64 * MiB).register();

        Ec2Client ec2 = tern.ec2("us-west-2");
        Image image = ec2.describeImages(r -> r.imageIds(ami)).images().get(0);
        assertThat(image.name()).isEqualTo("golden");

        String snapshot = image.blockDeviceMappings().get(0).ebs().snapshotId();
        assertThat(ebs.listSnapshotBlocks(r -> r.snapshotId(snapshot)).blocks()).hasSize(128);
    }

    @Test
    @Order(2)
    void eachTestStartsAfresh(Ec2Client ec2) {
        assertThat(ec2.describeImages(r -> r.owners("self")).images()).isEmpty();
    }
}
