package dev.tern.server.copy;

import static dev.tern.server.copy.CopyRulesTest.assertError;
import static dev.tern.server.copy.CopyRulesTest.filter;
import static dev.tern.server.copy.CopyRulesTest.imageIds;
import static dev.tern.server.testing.TernTestServer.ALICE;
import static dev.tern.server.testing.TernTestServer.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.config.TernConfig;
import dev.tern.config.TernConfig.OutpostConfig;
import dev.tern.config.TernConfig.RegionConfig;
import dev.tern.server.testing.TernTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageAttributeName;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * CopyImage's members and the rules of each (docs/copying.md, "What the call does"), through the AWS SDK for Java
 * v2: every refusal with the code EC2 gives and nothing recorded, and what each accepted member does. Images here
 * have one small snapshot; us-west-2 to us-east-1 copies are not paced. cn-north-1 is a Region of another partition.
 */
class CopyImageParametersTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static TernTestServer tern = new TernTestServer(CopyImageParametersTest::withOtherPartition);

    static final String OTHER_OUTPOST = "arn:aws:outposts:us-east-1:111122223333:outpost/op-0fedcba9876543210";

    /** The suite's Regions, a second Outpost in us-east-1, and cn-north-1. */
    static TernConfig withOtherPartition(TernConfig config) {
        List<RegionConfig> regions = new ArrayList<>();
        for (RegionConfig r : config.regions()) {
            regions.add(!r.name().equals("us-east-1") ? r : new RegionConfig(r.name(), r.partition(),
                    r.supportsParavirtual(), List.of(new OutpostConfig(TernTestServer.OUTPOST_ARN),
                            new OutpostConfig(OTHER_OUTPOST))));
        }
        regions.add(new RegionConfig("cn-north-1", null, null, List.of()));
        return config.withRegions(regions);
    }

    private final Random random = new Random(21);

    /** A one-snapshot image of Alice's (or {@code account}'s) in us-west-2. */
    private String source(String account, String name) {
        try (EbsClient ebs = tern.ebs(account, "us-west-2"); Ec2Client ec2 = tern.ec2(account, "us-west-2")) {
            return Disks.registerImage(ec2, name, Disks.snapshot(ebs, Disks.randomBlocks(random, 1), null, null, null));
        }
    }

    private static String copy(Ec2Client east, String source, String name) {
        return east.copyImage(r -> r.name(name).sourceRegion("us-west-2").sourceImageId(source)).imageId();
    }

    private static Image available(Ec2Client ec2, String imageId) throws InterruptedException {
        Image image = Disks.awaitImage(ec2, imageId, WAIT);
        assertThat(image.state()).as("copy %s", imageId).isEqualTo(ImageState.AVAILABLE);
        return image;
    }

    private static void assertErrorMessage(Runnable call, String code, String... fragments) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(Ec2Exception.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).contains(fragments);
        });
    }

    // --- Name and Description ---

    @Test
    @DisplayName("AMI name rule: 3 to 128 characters from letters, digits, space and ( ) [ ] . / - ' @ _, otherwise "
            + "InvalidAMIName.Malformed; unique per account and Region among images not deregistered, otherwise "
            + "InvalidAMIName.Duplicate naming the AMI that has it")
    void theNameMustFollowTheAmiNameRuleAndBeFreeInTheDestinationRegion() throws Exception {
        String source = source(ALICE, "name-rule-source");
        try (Ec2Client east = tern.ec2(ALICE, "us-east-1"); Ec2Client bobEast = tern.ec2(BOB, "us-east-1")) {
            int before = imageIds(east).size();
            for (String bad : List.of("ab", "x".repeat(129), "bad|name", "semi;colon", "tab\tname")) {
                assertError(() -> copy(east, source, bad), "InvalidAMIName.Malformed", 400);
            }
            String taken = copy(east, source, "all (legal) [chars] ./-'@_ 128");
            available(east, taken);
            assertErrorMessage(() -> copy(east, source, "all (legal) [chars] ./-'@_ 128"), "InvalidAMIName.Duplicate",
                    "all (legal) [chars] ./-'@_ 128", taken);
            assertThat(imageIds(east)).hasSize(before + 1);
            // Unique per account and per Region: Bob, and Alice in another Region, may use the name.
            available(bobEast, bobEast.copyImage(r -> r.name("all (legal) [chars] ./-'@_ 128")
                    .sourceRegion("us-east-1").sourceImageId(shareWith(east, taken, BOB))).imageId());
            try (Ec2Client west = tern.ec2(ALICE, "us-west-2")) {
                available(west, west.copyImage(r -> r.name("all (legal) [chars] ./-'@_ 128").sourceRegion("us-west-2")
                        .sourceImageId(source)).imageId());
            }
            // A deregistered image frees its name.
            east.deregisterImage(r -> r.imageId(taken));
            available(east, copy(east, source, "all (legal) [chars] ./-'@_ 128"));
        }
    }

    private static String shareWith(Ec2Client ec2, String imageId, String account) {
        ec2.modifyImageAttribute(r -> r.imageId(imageId).launchPermission(p -> p.add(a -> a.userId(account))));
        String snapshot = ec2.describeImages(r -> r.imageIds(imageId)).images().get(0).blockDeviceMappings().get(0)
                .ebs().snapshotId();
        ec2.modifySnapshotAttribute(r -> r.snapshotId(snapshot).attribute("createVolumePermission")
                .createVolumePermission(p -> p.add(a -> a.userId(account))));
        return imageId;
    }

    @Test
    @DisplayName("Description: at most 255 characters, else InvalidParameterValue; left out on CopyImage, the copy "
            + "gets [Copied ami-SRC from SRC-REGION] SOURCE-DESCRIPTION")
    void theDescriptionIsAtMost255CharactersAndDefaultsToTheCopiedFromLine() throws Exception {
        String source = source(ALICE, "description-source");
        try (Ec2Client west = tern.ec2(ALICE, "us-west-2"); Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            west.modifyImageAttribute(r -> r.imageId(source).description(d -> d.value("The golden image.")));
            assertError(() -> east.copyImage(r -> r.name("description-too-long").sourceRegion("us-west-2")
                    .sourceImageId(source).description("d".repeat(256))), "InvalidParameterValue", 400);
            Image longest = available(east, east.copyImage(r -> r.name("description-255").sourceRegion("us-west-2")
                    .sourceImageId(source).description("d".repeat(255))).imageId());
            assertThat(longest.description()).isEqualTo("d".repeat(255));
            Image defaulted = available(east, copy(east, source, "description-default"));
            assertThat(defaulted.description()).isEqualTo("[Copied " + source + " from us-west-2] The golden image.");
            assertThat(imageIds(east, filter("name", "description-too-long"))).isEmpty();
        }
    }

    // --- SourceRegion and SourceImageId ---

    @Test
    @DisplayName("Unknown Region name as SourceRegion: InvalidRegion, 'The specified Region 'X' is not valid. For "
            + "copying a snapshot or image, specify the source Region using its Region code, for example, us-west-2'")
    void anUnknownSourceRegionIsInvalidRegion() {
        String source = source(ALICE, "unknown-region-source");
        try (Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            for (String region : List.of("us-west-9", "US-WEST-2", "US West (Oregon)")) {
                assertErrorMessage(() -> east.copyImage(r -> r.name("unknown-region").sourceRegion(region)
                        .sourceImageId(source)), "InvalidRegion", "The specified Region '" + region + "' is not valid. "
                        + "For copying a snapshot or image, specify the source Region using its Region code, "
                        + "for example, us-west-2");
            }
            // Both Regions must be given: the source with SourceRegion, the destination by the Region called.
            assertError(() -> east.copyImage(r -> r.name("unknown-region").sourceImageId(source)), "MissingParameter",
                    400);
            assertThat(imageIds(east, filter("name", "unknown-region"))).isEmpty();
        }
    }

    @Test
    @DisplayName("Source in another partition: InvalidParameterValue, copying across partitions is not supported")
    void aSourceInAnotherPartitionIsRefused() {
        try (Ec2Client china = tern.ec2(ALICE, "cn-north-1")) {
            String source = source(ALICE, "partition-source");
            assertError(() -> china.copyImage(r -> r.name("across-partitions").sourceRegion("us-west-2")
                    .sourceImageId(source)), "InvalidParameterValue", 400);
            assertThat(imageIds(china)).isEmpty();
        }
    }

    @Test
    @DisplayName("Source image state: only available images can be copied; failed: InvalidAMIID.Unavailable; "
            + "deregistered, malformed, unknown or not visible: InvalidAMIID.Malformed / InvalidAMIID.NotFound")
    void onlyAVisibleAvailableSourceImageCanBeCopied() throws Exception {
        String source = source(ALICE, "state-source");
        String bobs = source(BOB, "state-bobs-private");
        try (Ec2Client east = tern.ec2(ALICE, "us-east-1"); Ec2Client west = tern.ec2(ALICE, "us-west-2")) {
            assertError(() -> copy(east, "ami-123", "malformed-source"), "InvalidAMIID.Malformed", 400);
            assertError(() -> copy(east, "ami-0123456789abcdef0", "unknown-source"), "InvalidAMIID.NotFound", 400);
            assertError(() -> copy(east, bobs, "not-visible-source"), "InvalidAMIID.NotFound", 400);

            String failed = west.copyImage(r -> r.name("state-failed").sourceRegion("us-west-2").sourceImageId(source)
                    .encrypted(true).kmsKeyId("alias/state-no-such-key")).imageId();
            assertThat(Disks.awaitImage(west, failed, WAIT).state()).isEqualTo(ImageState.FAILED);
            assertErrorMessage(() -> copy(east, failed, "failed-source"), "InvalidAMIID.Unavailable", failed);

            west.deregisterImage(r -> r.imageId(source));
            assertError(() -> copy(east, source, "deregistered-source"), "InvalidAMIID.NotFound", 400);
            assertThat(imageIds(east, filter("name", "*-source"))).isEmpty();
        }
    }

    // --- ClientToken ---

    @Test
    @DisplayName("ClientToken: same token and same parameters returns the first ImageId and starts nothing; same "
            + "token, other parameters: IdempotentParameterMismatch; per account and per Region; at most 64 ASCII "
            + "characters; the token the SDK fills in when the caller gives none makes each call a new copy")
    void theClientTokenMakesACopyIdempotentPerAccountAndRegion() throws Exception {
        String source = source(ALICE, "token-source");
        try (Ec2Client east = tern.ec2(ALICE, "us-east-1"); Ec2Client west = tern.ec2(ALICE, "us-west-2");
             Ec2Client bobEast = tern.ec2(BOB, "us-east-1")) {
            String token = "token-" + "t".repeat(58);
            String first = east.copyImage(r -> r.name("token-copy").sourceRegion("us-west-2").sourceImageId(source)
                    .clientToken(token)).imageId();
            String again = east.copyImage(r -> r.name("token-copy").sourceRegion("us-west-2").sourceImageId(source)
                    .clientToken(token)).imageId();
            assertThat(again).isEqualTo(first);
            assertThat(imageIds(east, filter("source-image-id", source))).containsExactly(first);
            available(east, first);
            // Even once the first copy is available, and its name therefore taken, the answer is the same.
            assertThat(east.copyImage(r -> r.name("token-copy").sourceRegion("us-west-2").sourceImageId(source)
                    .clientToken(token)).imageId()).isEqualTo(first);

            assertError(() -> east.copyImage(r -> r.name("token-copy-2").sourceRegion("us-west-2")
                    .sourceImageId(source).clientToken(token)), "IdempotentParameterMismatch", 400);
            assertError(() -> east.copyImage(r -> r.name("token-copy").sourceRegion("us-west-2")
                    .sourceImageId(source).description("other").clientToken(token)), "IdempotentParameterMismatch", 400);

            // Tokens are case-sensitive: the same letters in upper case are another token.
            String upper = east.copyImage(r -> r.name("token-copy-upper").sourceRegion("us-west-2")
                    .sourceImageId(source).clientToken(token.toUpperCase())).imageId();
            assertThat(upper).isNotEqualTo(first);
            available(east, upper);

            // Another Region, another account: the token is theirs to use.
            String inWest = west.copyImage(r -> r.name("token-copy").sourceRegion("us-west-2").sourceImageId(source)
                    .clientToken(token)).imageId();
            assertThat(inWest).isNotEqualTo(first);
            String bobsCopy = bobEast.copyImage(r -> r.name("token-copy").sourceRegion("us-east-1")
                    .sourceImageId(shareWith(east, first, BOB)).clientToken(token)).imageId();
            assertThat(bobsCopy).isNotEqualTo(first);

            assertError(() -> east.copyImage(r -> r.name("token-long").sourceRegion("us-west-2").sourceImageId(source)
                    .clientToken("t".repeat(65))), "InvalidParameterValue", 400);
            assertError(() -> east.copyImage(r -> r.name("token-ascii").sourceRegion("us-west-2").sourceImageId(source)
                    .clientToken("tökén")), "InvalidParameterValue", 400);

            // Without a token of the caller's the SDK sends a UUID of its own, as botocore does: each call is a copy
            // of its own, remembered under that token.
            String one = copy(east, source, "token-none-1");
            String two = copy(east, source, "token-none-2");
            assertThat(one).isNotEqualTo(two);
            assertThat(CopyCatalog.clientTokenOf(tern, one)).matches("[0-9a-f-]{36}")
                    .isNotEqualTo(CopyCatalog.clientTokenOf(tern, two));
            available(east, one);
            available(east, two);
        }
    }

    // --- Tags ---

    @Test
    @DisplayName("TagSpecifications: image tags the new AMI, snapshot tags every new snapshot with the same tags; "
            + "a ResourceType other than image or snapshot is InvalidParameterValue")
    void tagSpecificationsTagTheImageAndEveryNewSnapshot() throws Exception {
        String source;
        try (EbsClient ebs = tern.ebs(ALICE, "us-west-2"); Ec2Client west = tern.ec2(ALICE, "us-west-2")) {
            source = Disks.registerImage(west, "tag-spec-source",
                    Disks.snapshot(ebs, Disks.randomBlocks(random, 1), null, null, null),
                    Disks.snapshot(ebs, Disks.randomBlocks(random, 1), null, null, null));
        }
        try (Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            Image image = available(east, east.copyImage(r -> r.name("tag-spec-copy").sourceRegion("us-west-2")
                    .sourceImageId(source).tagSpecifications(
                            spec(ResourceType.IMAGE, Map.of("team", "images", "stage", "gold")),
                            spec(ResourceType.SNAPSHOT, Map.of("backup", "daily")))).imageId());
            assertThat(tags(image.tags())).containsExactlyInAnyOrderEntriesOf(Map.of("team", "images", "stage", "gold"));
            List<String> snapshots = image.blockDeviceMappings().stream().map(m -> m.ebs().snapshotId()).toList();
            assertThat(snapshots).hasSize(2);
            east.describeSnapshots(r -> r.snapshotIds(snapshots)).snapshots().forEach(s ->
                    assertThat(tags(s.tags())).containsExactlyEntriesOf(Map.of("backup", "daily")));

            for (ResourceType other : List.of(ResourceType.VOLUME, ResourceType.INSTANCE)) {
                assertError(() -> east.copyImage(r -> r.name("tag-spec-refused").sourceRegion("us-west-2")
                        .sourceImageId(source).tagSpecifications(spec(other, Map.of("k", "v")))),
                        "InvalidParameterValue", 400);
            }
            assertThat(imageIds(east, filter("name", "tag-spec-refused"))).isEmpty();
        }
    }

    @Test
    @DisplayName("Tag limits: key 1 to 127 characters, not starting with aws: (InvalidTagKey.Malformed), value at "
            + "most 256 characters, at most 50 user tags a resource (TagLimitExceeded)")
    void tagSpecificationsFollowTheTagLimits() {
        String source = source(ALICE, "tag-limits-source");
        try (Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            assertError(() -> east.copyImage(r -> r.name("tag-limits").sourceRegion("us-west-2").sourceImageId(source)
                    .tagSpecifications(spec(ResourceType.IMAGE, Map.of("aws:owner", "me")))),
                    "InvalidTagKey.Malformed", 400);
            assertError(() -> east.copyImage(r -> r.name("tag-limits").sourceRegion("us-west-2").sourceImageId(source)
                    .tagSpecifications(spec(ResourceType.SNAPSHOT, Map.of("", "empty")))),
                    "InvalidTagKey.Malformed", 400);
            assertError(() -> east.copyImage(r -> r.name("tag-limits").sourceRegion("us-west-2").sourceImageId(source)
                    .tagSpecifications(spec(ResourceType.IMAGE, Map.of("k".repeat(128), "v")))),
                    "InvalidParameterValue", 400);
            assertError(() -> east.copyImage(r -> r.name("tag-limits").sourceRegion("us-west-2").sourceImageId(source)
                    .tagSpecifications(spec(ResourceType.IMAGE, Map.of("k", "v".repeat(257))))),
                    "InvalidParameterValue", 400);
            Map<String, String> many = IntStream.range(0, 51).boxed()
                    .collect(Collectors.toMap(i -> "key" + i, i -> "v", (a, b) -> a, TreeMap::new));
            assertError(() -> east.copyImage(r -> r.name("tag-limits").sourceRegion("us-west-2").sourceImageId(source)
                    .tagSpecifications(spec(ResourceType.IMAGE, many))), "TagLimitExceeded", 400);
            assertThat(imageIds(east, filter("name", "tag-limits"))).isEmpty();
        }
    }

    @Test
    @DisplayName("CopyImageTags copies your user-defined AMI tags; by default (and to another account) user tags and "
            + "launch permissions are not copied from the source AMI")
    void copyImageTagsCopiesTheCallersOwnUserTagsAndNothingElseIsCopiedByDefault() throws Exception {
        String source = source(ALICE, "copy-tags-source");
        try (Ec2Client west = tern.ec2(ALICE, "us-west-2"); Ec2Client east = tern.ec2(ALICE, "us-east-1");
             Ec2Client bobEast = tern.ec2(BOB, "us-east-1")) {
            west.createTags(r -> r.resources(source).tags(Tag.builder().key("team").value("images").build(),
                    Tag.builder().key("cost-centre").value("42").build()));
            shareWith(west, source, BOB);

            Image withTags = available(east, east.copyImage(r -> r.name("copy-tags-yes").sourceRegion("us-west-2")
                    .sourceImageId(source).copyImageTags(true)).imageId());
            assertThat(tags(withTags.tags())).containsExactlyInAnyOrderEntriesOf(
                    Map.of("team", "images", "cost-centre", "42"));
            // CopyImageTags and TagSpecifications together: both sets.
            Image both = available(east, east.copyImage(r -> r.name("copy-tags-both").sourceRegion("us-west-2")
                    .sourceImageId(source).copyImageTags(true)
                    .tagSpecifications(spec(ResourceType.IMAGE, Map.of("stage", "gold")))).imageId());
            assertThat(tags(both.tags())).containsEntry("team", "images").containsEntry("stage", "gold");

            Image without = available(east, copy(east, source, "copy-tags-no"));
            assertThat(without.tags()).isEmpty();
            assertThat(without.publicLaunchPermissions()).isFalse();
            assertThat(east.describeImageAttribute(r -> r.imageId(without.imageId())
                    .attribute(ImageAttributeName.LAUNCH_PERMISSION)).launchPermissions()).isEmpty();

            // Tags attached by another account never cross: Bob asks for them and gets none.
            Image bobs = available(bobEast, bobEast.copyImage(r -> r.name("copy-tags-bob").sourceRegion("us-west-2")
                    .sourceImageId(source).copyImageTags(true)).imageId());
            assertThat(bobs.tags()).isEmpty();
            assertThat(bobs.ownerId()).isEqualTo(BOB);
        }
    }

    static TagSpecification spec(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(type).tags(tags.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()).build();
    }

    static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    // --- SnapshotCopyCompletionDurationMinutes ---

    @Test
    @DisplayName("Time-based copies: SnapshotCopyCompletionDurationMinutes is a multiple of 15 from 15 to 2880, else "
            + "InvalidParameterValue; not allowed with DestinationOutpostArn: InvalidParameterCombination")
    void theCompletionDurationIsAMultipleOf15From15To2880AndNotToAnOutpost() throws Exception {
        String source = source(ALICE, "duration-source");
        try (Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            for (long minutes : List.of(0L, 10L, 20L, 2895L, -15L)) {
                assertErrorMessage(() -> east.copyImage(r -> r.name("duration-refused").sourceRegion("us-west-2")
                        .sourceImageId(source).snapshotCopyCompletionDurationMinutes(minutes)), "InvalidParameterValue",
                        "SnapshotCopyCompletionDurationMinutes");
            }
            Image timed = available(east, east.copyImage(r -> r.name("duration-2880").sourceRegion("us-west-2")
                    .sourceImageId(source).snapshotCopyCompletionDurationMinutes(2880L)).imageId());
            String snapshot = timed.blockDeviceMappings().get(0).ebs().snapshotId();
            var shown = east.describeSnapshots(r -> r.snapshotIds(snapshot)).snapshots().get(0);
            assertThat(shown.transferTypeAsString()).isEqualTo("time-based");
            assertThat(shown.completionDurationMinutes()).isEqualTo(2880);

            try (Ec2Client eastSource = tern.ec2(ALICE, "us-east-1")) {
                String local = copy(eastSource, source, "duration-outpost-source");
                available(east, local);
                assertError(() -> east.copyImage(r -> r.name("duration-outpost").sourceRegion("us-east-1")
                        .sourceImageId(local).destinationOutpostArn(TernTestServer.OUTPOST_ARN)
                        .snapshotCopyCompletionDurationMinutes(15L)), "InvalidParameterCombination", 400);
            }
            assertThat(imageIds(east, filter("name", "duration-refused", "duration-outpost"))).isEmpty();
        }
    }

    // --- DestinationOutpostArn ---

    @Test
    @DisplayName("Region to Outpost: the Outpost's Region must be the destination Region and the source AMI in that "
            + "Region; from an Outpost AMI to anywhere, and a malformed or unknown Outpost ARN: InvalidParameterValue")
    void onlyARegionToOneOfItsOutpostsRouteIsAccepted() throws Exception {
        String west = source(ALICE, "outpost-route-source");
        try (Ec2Client east = tern.ec2(ALICE, "us-east-1"); Ec2Client westEc2 = tern.ec2(ALICE, "us-west-2");
             KmsClient kms = tern.kms(ALICE, "us-east-1")) {
            String inEast = available(east, copy(east, west, "outpost-route-east")).imageId();
            // The source must be in the Outpost's Region.
            assertError(() -> east.copyImage(r -> r.name("outpost-refused").sourceRegion("us-west-2")
                    .sourceImageId(west).destinationOutpostArn(TernTestServer.OUTPOST_ARN)), "InvalidParameterValue", 400);
            // The Outpost must be one of the Region called.
            assertError(() -> westEc2.copyImage(r -> r.name("outpost-refused").sourceRegion("us-west-2")
                    .sourceImageId(west).destinationOutpostArn(TernTestServer.OUTPOST_ARN)), "InvalidParameterValue", 400);
            for (String arn : List.of("not-an-arn", "arn:aws:outposts:us-east-1:111122223333:outpost/op-0000000000000000f")) {
                assertErrorMessage(() -> east.copyImage(r -> r.name("outpost-refused").sourceRegion("us-east-1")
                        .sourceImageId(inEast).destinationOutpostArn(arn)), "InvalidParameterValue", arn);
            }
            String onOutpost = available(east, east.copyImage(r -> r.name("outpost-route-on").sourceRegion("us-east-1")
                    .sourceImageId(inEast).destinationOutpostArn(TernTestServer.OUTPOST_ARN)).imageId()).imageId();
            // Encrypted by default with the Region's default key, or with the key given.
            String key = kms.createKey(r -> r.description("outpost key")).keyMetadata().arn();
            Image keyed = available(east, east.copyImage(r -> r.name("outpost-route-keyed").sourceRegion("us-east-1")
                    .sourceImageId(inEast).destinationOutpostArn(TernTestServer.OUTPOST_ARN).encrypted(true)
                    .kmsKeyId(key)).imageId());
            String keyedSnapshot = keyed.blockDeviceMappings().get(0).ebs().snapshotId();
            assertThat(east.describeSnapshots(r -> r.snapshotIds(keyedSnapshot)).snapshots().get(0).kmsKeyId())
                    .isEqualTo(key);
            // From an Outpost: to the Region, to another Outpost, within the same Outpost, to another Region.
            assertError(() -> east.copyImage(r -> r.name("outpost-refused").sourceRegion("us-east-1")
                    .sourceImageId(onOutpost).destinationOutpostArn(OTHER_OUTPOST)), "InvalidParameterValue", 400);
            assertError(() -> east.copyImage(r -> r.name("outpost-refused").sourceRegion("us-east-1")
                    .sourceImageId(onOutpost)), "InvalidParameterValue", 400);
            assertError(() -> east.copyImage(r -> r.name("outpost-refused").sourceRegion("us-east-1")
                    .sourceImageId(onOutpost).destinationOutpostArn(TernTestServer.OUTPOST_ARN)),
                    "InvalidParameterValue", 400);
            assertError(() -> westEc2.copyImage(r -> r.name("outpost-refused").sourceRegion("us-east-1")
                    .sourceImageId(onOutpost)), "InvalidParameterValue", 400);
            assertThat(imageIds(east, filter("name", "outpost-refused"))).isEmpty();
            assertThat(imageIds(westEc2, filter("name", "outpost-refused"))).isEmpty();
        }
    }

    // --- The other rules ---

    @Test
    @DisplayName("Paravirtual AMIs: you cannot copy a paravirtual (PV) AMI to a Region that does not support PV AMIs "
            + "(InvalidParameterValue)")
    void aParavirtualImageIsRefusedByARegionWithoutPvSupport() throws Exception {
        try (EbsClient ebs = tern.ebs(ALICE, "us-west-2"); Ec2Client west = tern.ec2(ALICE, "us-west-2");
             Ec2Client europe = tern.ec2(ALICE, "eu-west-1"); Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            String snapshot = Disks.snapshot(ebs, Disks.randomBlocks(random, 1), null, null, null);
            String pv = west.registerImage(r -> r.name("pv-source").architecture("x86_64")
                    .virtualizationType("paravirtual").rootDeviceName("/dev/sda1")
                    .blockDeviceMappings(b -> b.deviceName("/dev/sda1").ebs(e -> e.snapshotId(snapshot)))).imageId();
            assertError(() -> europe.copyImage(r -> r.name("pv-refused").sourceRegion("us-west-2").sourceImageId(pv)),
                    "InvalidParameterValue", 400);
            assertThat(imageIds(europe, filter("name", "pv-refused"))).isEmpty();
            // us-east-1 supports PV images.
            assertThat(available(east, copy(east, pv, "pv-copy")).virtualizationTypeAsString()).isEqualTo("paravirtual");
        }
    }

    @Test
    @DisplayName("Marketplace / billing-product AMIs: an AMI with a billing product shared from another account is "
            + "InvalidRequest, 'The image ami-... cannot be copied because it has product codes.'; copying your own "
            + "is allowed")
    void anImageWithProductCodesSharedByAnotherAccountCannotBeCopied() throws Exception {
        try (EbsClient ebs = tern.ebs(ALICE, "us-west-2"); Ec2Client west = tern.ec2(ALICE, "us-west-2");
             Ec2Client east = tern.ec2(ALICE, "us-east-1"); Ec2Client bobEast = tern.ec2(BOB, "us-east-1")) {
            String snapshot = Disks.snapshot(ebs, Disks.randomBlocks(random, 1), null, null, null);
            String billed = west.registerImage(r -> r.name("billed-source").architecture("x86_64")
                    .virtualizationType("hvm").rootDeviceName("/dev/xvda").billingProducts("bp-6ba54002")
                    .blockDeviceMappings(b -> b.deviceName("/dev/xvda").ebs(e -> e.snapshotId(snapshot)))).imageId();
            shareWith(west, billed, BOB);
            assertErrorMessage(() -> bobEast.copyImage(r -> r.name("billed-bob").sourceRegion("us-west-2")
                    .sourceImageId(billed)), "InvalidRequest",
                    "The image " + billed + " cannot be copied because it has product codes.");
            assertThat(imageIds(bobEast, filter("name", "billed-bob"))).isEmpty();
            // Copying your own is allowed; the copy keeps the product, so an AMI derived from it is refused too.
            String derived = available(east, copy(east, billed, "billed-own")).imageId();
            shareWith(east, derived, BOB);
            assertErrorMessage(() -> bobEast.copyImage(r -> r.name("billed-bob-derived").sourceRegion("us-east-1")
                    .sourceImageId(derived)), "InvalidRequest", derived);
        }
    }

    @Test
    @DisplayName("Fields of a copied image: SourceImageId and SourceImageRegion set, OwnerId the caller, CreationDate "
            + "the copy time; architecture, virtualization type, root device name and type, boot mode, ENA, SR-IOV, "
            + "TPM, IMDS support and the block device layout follow the source")
    void aCopiedImageKeepsTheSourcesShapeAndGetsItsOwnIdentity() throws Exception {
        try (EbsClient ebs = tern.ebs(ALICE, "us-west-2"); Ec2Client west = tern.ec2(ALICE, "us-west-2");
             Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            String root = Disks.snapshot(ebs, Disks.randomBlocks(random, 1), null, null, null);
            String data = Disks.snapshot(ebs, Disks.randomBlocks(random, 1), null, null, null);
            String source = west.registerImage(r -> r.name("fields-source").architecture("arm64")
                    .virtualizationType("hvm").rootDeviceName("/dev/sda1").bootMode("uefi").enaSupport(true)
                    .imdsSupport("v2.0").tpmSupport("v2.0").sriovNetSupport("simple").blockDeviceMappings(
                            b -> b.deviceName("/dev/sda1").ebs(e -> e.snapshotId(root).volumeType("gp3").volumeSize(2)),
                            b -> b.deviceName("/dev/sdf").ebs(e -> e.snapshotId(data).volumeSize(3)),
                            b -> b.deviceName("/dev/sdg").virtualName("ephemeral0"))).imageId();
            Image original = west.describeImages(r -> r.imageIds(source)).images().get(0);
            Image copy = available(east, copy(east, source, "fields-copy"));

            assertThat(copy.imageId()).matches("ami-[0-9a-f]{17}").isNotEqualTo(source);
            assertThat(copy.sourceImageId()).isEqualTo(source);
            assertThat(copy.sourceImageRegion()).isEqualTo("us-west-2");
            assertThat(copy.ownerId()).isEqualTo(ALICE);
            assertThat(copy.creationDate()).isGreaterThanOrEqualTo(original.creationDate());
            assertThat(copy.architecture()).isEqualTo(original.architecture());
            assertThat(copy.virtualizationType()).isEqualTo(original.virtualizationType());
            assertThat(copy.rootDeviceName()).isEqualTo("/dev/sda1");
            assertThat(copy.rootDeviceType()).isEqualTo(original.rootDeviceType());
            assertThat(copy.bootMode()).isEqualTo(original.bootMode());
            assertThat(copy.enaSupport()).isTrue();
            assertThat(copy.imdsSupport()).isEqualTo(original.imdsSupport());
            assertThat(copy.tpmSupport()).isEqualTo(original.tpmSupport());
            assertThat(copy.sriovNetSupport()).isEqualTo("simple");
            assertThat(copy.blockDeviceMappings()).extracting(m -> m.deviceName())
                    .containsExactly("/dev/sda1", "/dev/sdf", "/dev/sdg");
            assertThat(copy.blockDeviceMappings().get(0).ebs().volumeType()).isEqualTo(
                    original.blockDeviceMappings().get(0).ebs().volumeType());
            assertThat(copy.blockDeviceMappings().get(1).ebs().volumeSize()).isEqualTo(3);
            assertThat(copy.blockDeviceMappings().get(2).virtualName()).isEqualTo("ephemeral0");
            assertThat(copy.blockDeviceMappings().get(0).ebs().snapshotId()).matches("snap-[0-9a-f]{17}")
                    .isNotEqualTo(root);

            // Changes to the source after the copy do not reach it (recopy to get them), and the reverse: the
            // target can be deregistered with no effect on the source.
            west.modifyImageAttribute(r -> r.imageId(source).description(d -> d.value("changed later")));
            assertThat(east.describeImages(r -> r.imageIds(copy.imageId())).images().get(0).description())
                    .isEqualTo(copy.description()).doesNotContain("changed later");
            east.deregisterImage(r -> r.imageId(copy.imageId()));
            Image after = west.describeImages(r -> r.imageIds(source)).images().get(0);
            assertThat(after.state()).isEqualTo(ImageState.AVAILABLE);
            assertThat(west.describeSnapshots(r -> r.snapshotIds(root)).snapshots()).hasSize(1);
        }
    }
}
