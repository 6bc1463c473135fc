package dev.tern.demo;

import dev.tern.TernServices;
import dev.tern.account.Account;
import dev.tern.account.CallContext;
import dev.tern.blocks.SnapshotBlocks;
import dev.tern.config.DemoData;
import dev.tern.config.Region;
import dev.tern.ebs.EbsChecksums;
import dev.tern.images.ImageRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import org.slf4j.Logger;
import software.amazon.awssdk.services.kms.model.CreateAliasRequest;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ebs.model.ChecksumAggregationMethod;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ebs.model.CompleteSnapshotRequest;
import software.amazon.awssdk.services.ebs.model.PutSnapshotBlockRequest;
import software.amazon.awssdk.services.ebs.model.StartSnapshotRequest;
import software.amazon.awssdk.services.ebs.model.StartSnapshotResponse;
import software.amazon.awssdk.services.ebs.model.Status;
import software.amazon.awssdk.services.ec2.model.DeleteSnapshotRequest;
import software.amazon.awssdk.services.ec2.model.RegisterImageRequest;

/**
 * The data {@code --demo} adds: in us-west-2, for the demo account, an 8 GiB snapshot holding 64 MiB of real,
 * deterministic data, and the AMI {@code ami-066877671789bd71b} (the seed's example id) registered on it, ready to
 * copy. It is written through the EBS direct API service like any upload, so it is real data with real checksums.
 * Seeding is idempotent: it does nothing once the image exists, and a seed cut short resumes (StartSnapshot's
 * ClientToken finds the same snapshot again).
 */
public final class DemoSeed {
    public static final String REGION = "us-west-2";
    public static final String IMAGE_ID = "ami-066877671789bd71b";
    public static final String IMAGE_NAME = "tern-demo-al2023";
    public static final int VOLUME_GIB = 8;
    /** The demo KMS key's alias, in each of {@link #KEY_REGIONS}. */
    public static final String KEY_ALIAS = "alias/my-kms-key";
    public static final List<String> KEY_REGIONS = List.of("us-east-1", "us-west-2");
    /** 128 blocks of 512 KiB: 64 MiB. */
    public static final int DATA_BLOCKS = 128;
    private static final long DATA_SEED = 0x7465726eL;
    private static final String CLIENT_TOKEN = "tern-demo-seed-" + IMAGE_ID;
    private static final Logger LOG = LoggerFactory.getLogger(DemoSeed.class);

    private DemoSeed() {}

    /**
     * Seeds the demo data unless the image is there already; returns the image id, or null when the demo account
     * or us-west-2 is not configured (nothing to seed into).
     */
    public static String seed(TernServices services) {
        Account account = services.accounts().byId(DemoData.ACCOUNT_ID);
        Region region = services.regions().get(REGION);
        if (account == null || region == null) {
            LOG.warn("demo data not seeded: the demo account {} or the Region {} is not configured", DemoData.ACCOUNT_ID, REGION);
            return null;
        }
        CallContext ctx = new CallContext(account, region, "demo-seed");
        for (String keyRegion : KEY_REGIONS) {
            Region r = services.regions().get(keyRegion);
            if (r != null) {
                seedKey(services, new CallContext(account, r, "demo-seed"));
            }
        }
        ImageRepository images = new ImageRepository();
        if (services.catalog().read(h -> images.find(h, IMAGE_ID, REGION)).isPresent()) {
            return IMAGE_ID;
        }
        String snapshotId = seedSnapshot(services, ctx);
        services.images().registerImageWithId(ctx, RegisterImageRequest.builder()
                .name(IMAGE_NAME)
                .description("Tern demo image: an 8 GiB root volume with 64 MiB of data")
                .architecture("x86_64")
                .virtualizationType("hvm")
                .enaSupport(true)
                .rootDeviceName("/dev/xvda")
                .blockDeviceMappings(m -> m.deviceName("/dev/xvda")
                        .ebs(e -> e.snapshotId(snapshotId).volumeSize(VOLUME_GIB).volumeType("gp3").deleteOnTermination(true)))
                .build(), IMAGE_ID);
        LOG.info("demo data seeded in {}: {} on {}", REGION, IMAGE_ID, snapshotId);
        return IMAGE_ID;
    }

    /** alias/my-kms-key (the seed's second example) on a new symmetric key, unless the alias exists. */
    private static void seedKey(TernServices services, CallContext ctx) {
        try {
            services.kms().describeKey(ctx, DescribeKeyRequest.builder().keyId(KEY_ALIAS).build());
            return;
        } catch (TernException e) {
            if (e.code() != ErrorCode.KmsNotFoundException) {
                throw e;
            }
        }
        String keyId = services.kms().createKey(ctx, CreateKeyRequest.builder()
                .description("Tern demo key (" + KEY_ALIAS + ")").build()).keyMetadata().keyId();
        services.kms().createAlias(ctx, CreateAliasRequest.builder().aliasName(KEY_ALIAS).targetKeyId(keyId).build());
    }

    /** The block at {@code index} of the demo volume: pseudo-random bytes from a fixed seed, the same every time. */
    public static byte[] block(int index) {
        byte[] data = new byte[SnapshotBlocks.BLOCK_SIZE];
        new Random(DATA_SEED + index).nextBytes(data);
        return data;
    }

    private static String seedSnapshot(TernServices services, CallContext ctx) {
        StartSnapshotResponse started = start(services, ctx);
        if (started.status() == Status.ERROR) {
            // An earlier seed stopped and its snapshot passed its Timeout: start over with a new one.
            services.snapshots().deleteSnapshot(ctx, DeleteSnapshotRequest.builder().snapshotId(started.snapshotId()).build());
            started = start(services, ctx);
        }
        String id = started.snapshotId();
        if (started.status() == Status.COMPLETED) {
            return id;
        }
        List<byte[]> digests = new ArrayList<>();
        for (int index = 0; index < DATA_BLOCKS; index++) {
            byte[] data = block(index);
            digests.add(EbsChecksums.sha256(data));
            services.ebs().putSnapshotBlock(ctx, PutSnapshotBlockRequest.builder().snapshotId(id).blockIndex(index)
                    .dataLength(data.length).checksum(EbsChecksums.base64Sha256(data))
                    .checksumAlgorithm(ChecksumAlgorithm.SHA256).build(), data);
        }
        services.ebs().completeSnapshot(ctx, CompleteSnapshotRequest.builder().snapshotId(id)
                .changedBlocksCount(DATA_BLOCKS).checksum(EbsChecksums.linear(digests))
                .checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumAggregationMethod(ChecksumAggregationMethod.LINEAR)
                .build());
        return id;
    }

    private static StartSnapshotResponse start(TernServices services, CallContext ctx) {
        return services.ebs().startSnapshot(ctx, StartSnapshotRequest.builder()
                .volumeSize((long) VOLUME_GIB)
                .description("Tern demo root volume of " + IMAGE_ID)
                .tags(t -> t.key("Name").value(IMAGE_NAME + " root"))
                .timeout(4320)
                .clientToken(CLIENT_TOKEN)
                .build());
    }
}
