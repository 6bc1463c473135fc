package dev.tern.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyListEntry;

/**
 * What one server per class promises, on each catalogue engine (the subclasses): what {@code @BeforeAll} made is there
 * for every test, what a test made is gone for the next, and the server itself (endpoint, data directory) stays.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ResetContract {
    static final String ALICE = "111122223333";
    static final String BOB = "444455556666";

    static String sharedImage;
    static String sharedKey;
    static java.net.URI firstEndpoint;

    abstract TernExtension tern();

    static TernExtension.Builder twoAccounts() {
        return TernExtension.builder()
                .account(ALICE, "AKIAALICE0000000001", "alice-secret")
                .account(BOB, "AKIABOB00000000001", "bob-secret")
                .regions("us-east-1", "us-west-2");
    }

    @BeforeAll
    static void noneYet() {
        sharedImage = null;
        sharedKey = null;
        firstEndpoint = null;
    }

    void makeShared() {
        if (sharedImage == null) {
            sharedImage = tern().image("us-east-1").name("shared").withPattern(new byte[] {1, 2, 3}, 1_000_000)
                    .sharedWith(BOB).register();
            sharedKey = tern().kmsKey("us-east-1").alias("alias/shared").create();
        }
    }

    @Test
    @Order(1)
    void aTestMakesImagesAndKeys(Ec2Client ec2, KmsClient kms) {
        firstEndpoint = tern().endpoint();
        String mine = tern().image("us-east-1").name("mine").withRandomData(3 * 512 * 1024).register();
        String key = tern().kmsKey("us-east-1").alias("alias/mine").create();
        assertThat(names(ec2)).containsExactlyInAnyOrder("shared", "mine");
        assertThat(ec2.describeImages(r -> r.imageIds(mine)).images()).hasSize(1);
        assertThat(kms.listKeys().keys()).extracting(KeyListEntry::keyArn).contains(key, sharedKey);
    }

    @Test
    @Order(2)
    void theNextTestFindsOnlyWhatTheClassMade(Ec2Client ec2, KmsClient kms) {
        assertThat(tern().endpoint()).as("the same server").isEqualTo(firstEndpoint);
        assertThat(names(ec2)).containsExactly("shared");
        assertThat(kms.listKeys().keys()).extracting(KeyListEntry::keyArn).containsExactly(sharedKey);
        assertThat(kms.listAliases().aliases()).extracting(a -> a.aliasName()).contains("alias/shared")
                .doesNotContain("alias/mine");
    }

    @Test
    @Order(3)
    void whatTheClassMadeStillWorks(@TernClient(account = BOB) Ec2Client bob) {
        List<Image> seen = bob.describeImages(r -> r.executableUsers("self")).images();
        assertThat(seen).extracting(Image::imageId).containsExactly(sharedImage);
        String snapshot = seen.get(0).blockDeviceMappings().get(0).ebs().snapshotId();
        var blocks = tern().ebs(BOB, "us-east-1").listSnapshotBlocks(r -> r.snapshotId(snapshot)).blocks();
        assertThat(blocks).as("1,000,000 bytes of pattern: two blocks").hasSize(2);
    }

    private static List<String> names(Ec2Client ec2) {
        return ec2.describeImages(r -> r.owners("self")).images().stream().map(Image::name).toList();
    }
}
