package dev.tern.server.ec2;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static dev.tern.server.testing.TernTestServer.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.server.testing.TernTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.OperationType;

/**
 * An image is registered over the caller's own snapshots only (another account's, even shared, is copied first),
 * so no other account's image can keep an owner from deleting its snapshot.
 */
class SnapshotOwnershipTest {
    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    @Test
    void anotherAccountCannotRegisterAnImageOverASharedSnapshotSoItsOwnerCanStillDeleteIt() {
        try (EbsClient ebs = tern.ebs(ALICE); Ec2Client alice = tern.ec2(ALICE); Ec2Client bob = tern.ec2(BOB)) {
            String snapshot = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            ebs.completeSnapshot(b -> b.snapshotId(snapshot).changedBlocksCount(0));
            alice.modifySnapshotAttribute(b -> b.snapshotId(snapshot).attribute("createVolumePermission")
                    .operationType(OperationType.ADD).userIds(BOB));
            assertThat(bob.describeSnapshots(b -> b.snapshotIds(snapshot)).snapshots()).hasSize(1);

            assertThatThrownBy(() -> bob.registerImage(b -> b.name("over-alices").rootDeviceName("/dev/xvda")
                    .blockDeviceMappings(m -> m.deviceName("/dev/xvda").ebs(e -> e.snapshotId(snapshot)))))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AuthFailure");
                        assertThat(e.awsErrorDetails().errorMessage()).contains(snapshot);
                    });
            assertThat(bob.describeImages(b -> b.owners("self")).images()).isEmpty();

            alice.modifySnapshotAttribute(b -> b.snapshotId(snapshot).attribute("createVolumePermission")
                    .operationType(OperationType.REMOVE).userIds(BOB));
            alice.deleteSnapshot(b -> b.snapshotId(snapshot));
            assertThat(alice.describeSnapshots(b -> b.ownerIds("self")).snapshots())
                    .noneMatch(s -> s.snapshotId().equals(snapshot));
        }
    }

    @Test
    void theOwnerStillRegistersOverItsOwnSnapshotAndItsImageKeepsItFromDeletion() {
        try (EbsClient ebs = tern.ebs(ALICE); Ec2Client alice = tern.ec2(ALICE)) {
            String snapshot = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            ebs.completeSnapshot(b -> b.snapshotId(snapshot).changedBlocksCount(0));
            String image = alice.registerImage(b -> b.name("own").rootDeviceName("/dev/xvda")
                    .blockDeviceMappings(m -> m.deviceName("/dev/xvda").ebs(e -> e.snapshotId(snapshot)))).imageId();
            assertThatThrownBy(() -> alice.deleteSnapshot(b -> b.snapshotId(snapshot)))
                    .isInstanceOfSatisfying(Ec2Exception.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSnapshot.InUse"));
            alice.deregisterImage(b -> b.imageId(image));
            alice.deleteSnapshot(b -> b.snapshotId(snapshot));
        }
    }
}
