package dev.tern.server.ebs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.config.DemoData;
import dev.tern.config.TernConfig.AccessKeyConfig;
import dev.tern.config.TernConfig.AccountConfig;
import dev.tern.demo.DemoSeed;
import dev.tern.server.testing.TernTestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.Block;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Snapshot;

/**
 * {@code --demo} seeds, in us-west-2 for account 123456789012, AMI ami-066877671789bd71b on an 8 GiB snapshot with
 * 64 MiB of real data, ready to copy; seeding again changes nothing.
 */
class DemoSeedTest {
    private static final String DEMO = DemoData.ACCOUNT_ID;

    @RegisterExtension
    static TernTestServer tern = new TernTestServer(config -> {
        List<AccountConfig> accounts = new ArrayList<>(config.accounts());
        accounts.add(new AccountConfig(DEMO, null,
                List.of(new AccessKeyConfig(TernTestServer.accessKey(DEMO), TernTestServer.secret(DEMO)))));
        return config.withAccounts(accounts);
    });

    @Test
    void theDemoKeyIsThereInBothRegionsOnce() {
        DemoSeed.seed(tern.app().services());
        DemoSeed.seed(tern.app().services());
        for (String region : DemoSeed.KEY_REGIONS) {
            try (KmsClient kms = tern.kms(DEMO, region)) {
                var key = kms.describeKey(b -> b.keyId(DemoSeed.KEY_ALIAS)).keyMetadata();
                assertThat(key.arn()).startsWith("arn:aws:kms:" + region + ":" + DEMO + ":key/");
                assertThat(key.keyStateAsString()).isEqualTo("Enabled");
                assertThat(kms.listAliases().aliases()).filteredOn(a -> a.aliasName().equals(DemoSeed.KEY_ALIAS)).hasSize(1);
            }
        }
    }

    @Test
    void theDemoImageIsAvailableOnASnapshotWithRealData() {
        assertThat(DemoSeed.seed(tern.app().services())).isEqualTo(DemoSeed.IMAGE_ID);
        assertThat(DemoSeed.seed(tern.app().services())).isEqualTo(DemoSeed.IMAGE_ID);
        try (Ec2Client ec2 = tern.ec2(DEMO, DemoSeed.REGION); EbsClient ebs = tern.ebs(DEMO, DemoSeed.REGION)) {
            Image image = ec2.describeImages(b -> b.imageIds(DemoSeed.IMAGE_ID)).images().get(0);
            assertThat(image.stateAsString()).isEqualTo("available");
            assertThat(image.ownerId()).isEqualTo(DEMO);
            assertThat(image.name()).isEqualTo(DemoSeed.IMAGE_NAME);
            assertThat(image.architectureAsString()).isEqualTo("x86_64");
            assertThat(image.virtualizationTypeAsString()).isEqualTo("hvm");
            assertThat(image.rootDeviceName()).isEqualTo("/dev/xvda");
            String snapshotId = image.blockDeviceMappings().get(0).ebs().snapshotId();

            List<Snapshot> snapshots = ec2.describeSnapshots(b -> b.ownerIds("self")).snapshots();
            assertThat(snapshots).singleElement().satisfies(s -> {
                assertThat(s.snapshotId()).isEqualTo(snapshotId);
                assertThat(s.stateAsString()).isEqualTo("completed");
                assertThat(s.volumeSize()).isEqualTo(8);
            });

            List<Block> blocks = Uploads.listAll(ebs, snapshotId, 100);
            assertThat(blocks).hasSize(DemoSeed.DATA_BLOCKS);
            long bytes = 0;
            for (Block block : blocks) {
                byte[] data = ebs.getSnapshotBlockAsBytes(b -> b.snapshotId(snapshotId).blockIndex(block.blockIndex())
                        .blockToken(block.blockToken())).asByteArray();
                assertThat(data).isEqualTo(DemoSeed.block(block.blockIndex()));
                assertThat(data).isNotEqualTo(new byte[Uploads.BLOCK]);
                bytes += data.length;
            }
            assertThat(bytes).isGreaterThanOrEqualTo(64L * 1024 * 1024);
        }
    }
}
