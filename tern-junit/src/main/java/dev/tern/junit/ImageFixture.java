package dev.tern.junit;

import dev.tern.account.CallContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.ec2.model.LaunchPermission;
import software.amazon.awssdk.services.ec2.model.ModifyImageAttributeRequest;
import software.amazon.awssdk.services.ec2.model.RegisterImageRequest;

/**
 * An AMI on a root snapshot with real blocks: {@code String ami = tern.image("us-west-2").withRandomData(64 * MiB)
 * .register();}. The root snapshot is made as {@link SnapshotFixture} makes one; the image is registered on it as
 * RegisterImage registers one (HVM, x86_64, {@code /dev/xvda}, gp3).
 */
public final class ImageFixture {
    private final TernExtension tern;
    private final SnapshotFixture root;
    private String name = "tern-fixture-" + UUID.randomUUID().toString().substring(0, 8);
    private String description = "made by TernExtension";
    private String architecture = "x86_64";
    private final List<String> launchableBy = new ArrayList<>();
    private boolean isPublic;

    ImageFixture(TernExtension tern, String region) {
        this.tern = tern;
        this.root = new SnapshotFixture(tern, region);
    }

    public ImageFixture withRandomData(long bytes) {
        root.withRandomData(bytes);
        return this;
    }

    public ImageFixture withRandomData(long bytes, long seed) {
        root.withRandomData(bytes, seed);
        return this;
    }

    public ImageFixture withDataFrom(Path file) {
        root.withDataFrom(file);
        return this;
    }

    public ImageFixture withPattern(byte[] pattern, long bytes) {
        root.withPattern(pattern, bytes);
        return this;
    }

    public ImageFixture withData(byte[] bytes) {
        root.withData(bytes);
        return this;
    }

    /** The root volume's size in GiB (by default the data's size rounded up, at least 1). */
    public ImageFixture volumeSize(int gib) {
        root.volumeSize(gib);
        return this;
    }

    /** The image's name (by default a unique {@code tern-fixture-...}). */
    public ImageFixture name(String imageName) {
        name = imageName;
        return this;
    }

    public ImageFixture description(String text) {
        description = text;
        return this;
    }

    /** x86_64 (the default), arm64, i386, ... */
    public ImageFixture architecture(String arch) {
        architecture = arch;
        return this;
    }

    /** The owning account (by default the extension's first). */
    public ImageFixture owner(String accountId) {
        root.owner(accountId);
        return this;
    }

    /** Root snapshot encrypted under this KMS key (id, ARN or alias). */
    public ImageFixture encryptedWith(String kmsKey) {
        root.encryptedWith(kmsKey);
        return this;
    }

    /** Gives these accounts launch permission (shares the image) and their root snapshot's volume permission. */
    public ImageFixture sharedWith(String... accountIds) {
        launchableBy.addAll(List.of(accountIds));
        root.sharedWith(accountIds);
        return this;
    }

    /** Makes the image public (launch permission for group all). */
    public ImageFixture makePublic() {
        isPublic = true;
        return this;
    }

    /** Makes the root snapshot and registers the image; returns the AMI id. */
    public String register() {
        String snapshotId = root.create();
        CallContext ctx = tern.context(root.account(), root.region());
        int size = root.volumeGiB();
        String id = tern.server().services().images().registerImage(ctx, RegisterImageRequest.builder()
                .name(name)
                .description(description)
                .architecture(architecture)
                .virtualizationType("hvm")
                .enaSupport(true)
                .rootDeviceName("/dev/xvda")
                .blockDeviceMappings(m -> m.deviceName("/dev/xvda")
                        .ebs(e -> e.snapshotId(snapshotId).volumeSize(size).volumeType("gp3").deleteOnTermination(true)))
                .build()).imageId();
        List<LaunchPermission> add = new ArrayList<>();
        launchableBy.forEach(a -> add.add(LaunchPermission.builder().userId(a).build()));
        if (isPublic) {
            add.add(LaunchPermission.builder().group("all").build());
        }
        if (!add.isEmpty()) {
            tern.server().services().images().modifyImageAttribute(ctx, ModifyImageAttributeRequest.builder()
                    .imageId(id).attribute("launchPermission").launchPermission(p -> p.add(add)).build());
        }
        return id;
    }
}
