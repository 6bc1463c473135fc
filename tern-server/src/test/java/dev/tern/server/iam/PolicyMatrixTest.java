package dev.tern.server.iam;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.server.testing.TernTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * A policy × action matrix: one IAM user whose only inline policy is replaced before each row, then one call signed
 * by the user's key, allowed or refused as IAM evaluates the policy (docs/iam.md). The EC2 calls are DryRun, so an
 * allowed one answers DryRunOperation and changes nothing and every row reuses the same images: IMG (tagged
 * env=prod) with its root snapshot SNAP, IMG2 (env=dev), and a lone snapshot SNAP2. Placeholders in the policies
 * ({IMG}, {SNAP}, {IMG2}, {SNAP2}, {USER}) are replaced with their ids once they exist.
 */
class PolicyMatrixTest {
    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    static final String USER = "matrix";
    static final String ALLOWED = "DryRunOperation";
    static final String DENIED = "UnauthorizedOperation";
    static final String OK = "OK";

    static IamClient rootIam;
    static Calls calls;
    static String img;
    static String snap;
    static String img2;
    static String snap2;
    static String userArn;

    /** The clients a row calls with, all signed by the matrix user's key. */
    record Calls(Ec2Client east, Ec2Client west, IamClient iam) {}

    @FunctionalInterface
    interface Call {
        void run(Calls c);
    }

    /** One row; {@code expected} is DryRunOperation / OK (allowed) or the refusal's error code. */
    record Row(String name, String policy, Call call, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void setUp() {
        img = tern.extension().image("us-east-1").owner(ALICE).name("matrix-source").register();
        img2 = tern.extension().image("us-east-1").owner(ALICE).name("matrix-other").register();
        snap2 = tern.extension().snapshot("us-east-1").owner(ALICE).create();
        try (Ec2Client root = tern.ec2(ALICE)) {
            snap = root.describeImages(r -> r.imageIds(img)).images().get(0).blockDeviceMappings().get(0).ebs()
                    .snapshotId();
            root.createTags(r -> r.resources(img).tags(tag("env", "prod")));
            root.createTags(r -> r.resources(img2).tags(tag("env", "dev")));
        }
        rootIam = tern.iam(ALICE);
        userArn = rootIam.createUser(r -> r.userName(USER)).user().arn();
        AccessKey key = rootIam.createAccessKey(r -> r.userName(USER)).accessKey();
        calls = new Calls(
                tern.as(Ec2Client.builder(), key.accessKeyId(), key.secretAccessKey(), "us-east-1").build(),
                tern.as(Ec2Client.builder(), key.accessKeyId(), key.secretAccessKey(), "us-west-2").build(),
                tern.as(IamClient.builder(), key.accessKeyId(), key.secretAccessKey(), "us-east-1").build());
    }

    @AfterAll
    static void tearDown() {
        calls.east().close();
        calls.west().close();
        calls.iam().close();
        rootIam.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void policyDecidesTheCall(Row row) {
        String policy = row.policy().replace("{IMG}", img).replace("{IMG2}", img2).replace("{SNAP}", snap)
                .replace("{SNAP2}", snap2).replace("{USER}", userArn);
        rootIam.putUserPolicy(r -> r.userName(USER).policyName("p").policyDocument(policy));
        if (row.expected().equals(OK)) {
            row.call().run(calls);
            return;
        }
        assertThatThrownBy(() -> row.call().run(calls)).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(row.expected());
            assertThat(e.statusCode()).isEqualTo(row.expected().equals(ALLOWED) ? 412 : 403);
            if (row.expected().equals(DENIED)) {
                assertThat(e.awsErrorDetails().errorMessage()).contains(userArn)
                        .contains("Encoded authorization failure message");
            }
        });
    }

    // ---- the calls ---------------------------------------------------------------------------------------------

    static final Call DESCRIBE_IMAGES = c -> c.east().describeImages(r -> r.dryRun(true));
    static final Call DESCRIBE_IMAGES_WEST = c -> c.west().describeImages(r -> r.dryRun(true));
    static final Call DESCRIBE_IMAGES_REAL = c -> assertThat(c.east().describeImages(r -> r.owners("self")).images())
            .extracting(i -> i.imageId()).contains(img, img2);
    /** CopyImage from us-east-1 into us-west-2: acts on the new image there, IMG and SNAP. */
    static final Call COPY_WEST = c -> c.west().copyImage(r -> r.dryRun(true).name("copy").sourceRegion("us-east-1")
            .sourceImageId(img));
    static final Call COPY_EAST = c -> c.east().copyImage(r -> r.dryRun(true).name("copy").sourceRegion("us-east-1")
            .sourceImageId(img));
    static final Call COPY_WEST_ENCRYPTED = c -> c.west().copyImage(r -> r.dryRun(true).name("copy")
            .sourceRegion("us-east-1").sourceImageId(img).encrypted(true));
    static final Call COPY_WEST_UNENCRYPTED = c -> c.west().copyImage(r -> r.dryRun(true).name("copy")
            .sourceRegion("us-east-1").sourceImageId(img).encrypted(false));
    static final Call COPY_WEST_TAGGED = c -> c.west().copyImage(r -> r.dryRun(true).name("copy")
            .sourceRegion("us-east-1").sourceImageId(img)
            .tagSpecifications(t -> t.resourceType(ResourceType.IMAGE).tags(tag("team", "a"))));
    static final Call MODIFY_IMG = c -> c.east().modifyImageAttribute(r -> r.dryRun(true).imageId(img)
            .description(d -> d.value("x")));
    static final Call MODIFY_IMG2 = c -> c.east().modifyImageAttribute(r -> r.dryRun(true).imageId(img2)
            .description(d -> d.value("x")));
    static final Call MODIFY_SNAP = c -> c.east().modifySnapshotAttribute(r -> r.dryRun(true).snapshotId(snap)
            .attribute("createVolumePermission").createVolumePermission(p -> p.add(u -> u.userId("444455556666"))));
    static final Call MODIFY_SNAP2 = c -> c.east().modifySnapshotAttribute(r -> r.dryRun(true).snapshotId(snap2)
            .attribute("createVolumePermission").createVolumePermission(p -> p.add(u -> u.userId("444455556666"))));
    static final Call COPY_SNAP2_ENCRYPTED = c -> c.west().copySnapshot(r -> r.dryRun(true).sourceRegion("us-east-1")
            .destinationRegion("us-west-2").sourceSnapshotId(snap2).encrypted(true));
    static final Call COPY_SNAP2 = c -> c.west().copySnapshot(r -> r.dryRun(true).sourceRegion("us-east-1")
            .destinationRegion("us-west-2").sourceSnapshotId(snap2));
    static final Call DEREGISTER_IMG = c -> c.east().deregisterImage(r -> r.dryRun(true).imageId(img));

    static Call tagImg(Tag... tags) {
        return c -> c.east().createTags(r -> r.dryRun(true).resources(img).tags(tags));
    }

    static final Call LIST_USERS = c -> c.iam().listUsers();

    static Tag tag(String k, String v) {
        return Tag.builder().key(k).value(v).build();
    }

    // ---- the policies ------------------------------------------------------------------------------------------

    static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    static String stmt(String effect, String action, String resource) {
        return stmt(effect, action, resource, null);
    }

    /** {@code action} and {@code resource} are JSON values ("\"ec2:*\"" or "[...]"); a bare word is quoted. */
    static String stmt(String effect, String action, String resource, String condition) {
        return "{\"Effect\":\"" + effect + "\",\"Action\":" + json(action) + ",\"Resource\":" + json(resource)
                + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
    }

    static String allow(String action, String resource) {
        return stmt("Allow", action, resource);
    }

    static String allowIf(String action, String resource, String condition) {
        return stmt("Allow", action, resource, condition);
    }

    static String deny(String action, String resource) {
        return stmt("Deny", action, resource);
    }

    static String json(String v) {
        return v.startsWith("[") || v.startsWith("\"") ? v : "\"" + v + "\"";
    }

    static String arr(String... values) {
        List<String> q = new ArrayList<>();
        for (String v : values) {
            q.add("\"" + v + "\"");
        }
        return "[" + String.join(",", q) + "]";
    }

    static String cond(String operator, String key, String value) {
        return "{\"" + operator + "\":{\"" + key + "\":" + json(value) + "}}";
    }

    static final String EAST_IMG = "arn:aws:ec2:us-east-1::image/{IMG}";
    static final String EAST_IMG2 = "arn:aws:ec2:us-east-1::image/{IMG2}";
    static final String EAST_SNAP = "arn:aws:ec2:us-east-1::snapshot/{SNAP}";
    static final String EAST_SNAP2 = "arn:aws:ec2:us-east-1::snapshot/{SNAP2}";
    static final String NEW_WEST_IMAGE = "arn:aws:ec2:us-west-2::image/*";
    static final String COPY_ALL = arr(NEW_WEST_IMAGE, EAST_IMG, EAST_SNAP);

    static Row row(String name, String policy, Call call, String expected) {
        return new Row(name, policy, call, expected);
    }

    static Stream<Arguments> rows() {
        List<Row> r = new ArrayList<>();
        // Allow, default deny, wildcards and case in Action
        r.add(row("allow exact action", policy(allow("ec2:DescribeImages", "*")), DESCRIBE_IMAGES, ALLOWED));
        r.add(row("allow exact action, real call", policy(allow("ec2:DescribeImages", "*")), DESCRIBE_IMAGES_REAL, OK));
        r.add(row("default deny: another action", policy(allow("ec2:DescribeSnapshots", "*")),
                DESCRIBE_IMAGES, DENIED));
        r.add(row("default deny: another service", policy(allow("kms:*", "*")), DESCRIBE_IMAGES, DENIED));
        r.add(row("action ec2:*", policy(allow("ec2:*", "*")), DESCRIBE_IMAGES, ALLOWED));
        r.add(row("action *", policy(allow("*", "*")), COPY_WEST, ALLOWED));
        r.add(row("action ec2:Describe*", policy(allow("ec2:Describe*", "*")), DESCRIBE_IMAGES, ALLOWED));
        r.add(row("action ec2:Describe* does not cover CreateTags", policy(allow("ec2:Describe*", "*")),
                tagImg(tag("team", "a")), DENIED));
        r.add(row("action with ?", policy(allow("ec2:DescribeIma?es", "*")), DESCRIBE_IMAGES, ALLOWED));
        r.add(row("action ? is one character", policy(allow("ec2:DescribeIma?s", "*")), DESCRIBE_IMAGES, DENIED));
        r.add(row("action matched without case", policy(allow("EC2:describeimages", "*")), DESCRIBE_IMAGES, ALLOWED));
        r.add(row("action list", policy(allow(arr("ec2:DescribeSnapshots", "ec2:DescribeImages"), "*")),
                DESCRIBE_IMAGES, ALLOWED));
        // Explicit deny beats allow
        r.add(row("deny beats allow, same action", policy(allow("ec2:*", "*"), deny("ec2:DescribeImages", "*")),
                DESCRIBE_IMAGES, DENIED));
        r.add(row("deny of another action leaves allow", policy(allow("ec2:*", "*"), deny("ec2:CreateTags", "*")),
                DESCRIBE_IMAGES, ALLOWED));
        r.add(row("deny in the same statement list, wildcard", policy(allow("ec2:DescribeImages", "*"),
                deny("ec2:Describe*", "*")), DESCRIBE_IMAGES, DENIED));
        r.add(row("deny ec2:CreateTags: untagged CopyImage allowed", policy(allow("ec2:*", "*"),
                deny("ec2:CreateTags", "*")), COPY_WEST, ALLOWED));
        r.add(row("deny ec2:CreateTags: tagged CopyImage refused", policy(allow("ec2:*", "*"),
                deny("ec2:CreateTags", "*")), COPY_WEST_TAGGED, DENIED));
        // NotAction
        r.add(row("allow NotAction, other action", policy(
                "{\"Effect\":\"Allow\",\"NotAction\":\"ec2:CreateTags\",\"Resource\":\"*\"}"),
                DESCRIBE_IMAGES, ALLOWED));
        r.add(row("allow NotAction, the excluded action", policy(
                "{\"Effect\":\"Allow\",\"NotAction\":\"ec2:CreateTags\",\"Resource\":\"*\"}"), tagImg(tag("team", "a")),
                DENIED));
        r.add(row("deny NotAction ec2:Describe*, a Modify", policy(allow("ec2:*", "*"),
                "{\"Effect\":\"Deny\",\"NotAction\":\"ec2:Describe*\",\"Resource\":\"*\"}"), MODIFY_IMG, DENIED));
        r.add(row("deny NotAction ec2:Describe*, a Describe", policy(allow("ec2:*", "*"),
                "{\"Effect\":\"Deny\",\"NotAction\":\"ec2:Describe*\",\"Resource\":\"*\"}"), DESCRIBE_IMAGES, ALLOWED));
        // Resource, wildcards, NotResource
        r.add(row("resource: the image", policy(allow("ec2:ModifyImageAttribute", EAST_IMG)), MODIFY_IMG, ALLOWED));
        r.add(row("resource: another image", policy(allow("ec2:ModifyImageAttribute", EAST_IMG)), MODIFY_IMG2, DENIED));
        r.add(row("resource: image/* in every Region", policy(allow("ec2:ModifyImageAttribute",
                "arn:aws:ec2:*::image/*")),
                MODIFY_IMG2, ALLOWED));
        r.add(row("resource: images of another Region", policy(allow("ec2:ModifyImageAttribute",
                "arn:aws:ec2:us-west-2::image/*")), MODIFY_IMG, DENIED));
        r.add(row("resource: snapshots are not images", policy(allow("ec2:ModifyImageAttribute",
                "arn:aws:ec2:us-east-1::snapshot/*")), MODIFY_IMG, DENIED));
        r.add(row("resource: ami-* prefix", policy(allow("ec2:ModifyImageAttribute",
                "arn:aws:ec2:us-east-1::image/ami-*")),
                MODIFY_IMG, ALLOWED));
        r.add(row("resource: arn:aws:ec2:* whole", policy(allow("ec2:ModifyImageAttribute", "arn:aws:ec2:*")),
                MODIFY_IMG, ALLOWED));
        r.add(row("resource: snapshot", policy(allow("ec2:ModifySnapshotAttribute", EAST_SNAP2)),
                MODIFY_SNAP2, ALLOWED));
        r.add(row("resource: another snapshot", policy(allow("ec2:ModifySnapshotAttribute", EAST_SNAP2)), MODIFY_SNAP,
                DENIED));
        r.add(row("resource named for a resource-less action", policy(allow("ec2:DescribeImages", EAST_IMG)),
                DESCRIBE_IMAGES, DENIED));
        r.add(row("allow NotResource, the excluded image", policy(
                "{\"Effect\":\"Allow\",\"Action\":\"ec2:ModifyImageAttribute\",\"NotResource\":\"" + EAST_IMG + "\"}"),
                MODIFY_IMG, DENIED));
        r.add(row("allow NotResource, another image", policy(
                "{\"Effect\":\"Allow\",\"Action\":\"ec2:ModifyImageAttribute\",\"NotResource\":\"" + EAST_IMG + "\"}"),
                MODIFY_IMG2, ALLOWED));
        r.add(row("deny NotResource, outside", policy(allow("ec2:*", "*"),
                "{\"Effect\":\"Deny\",\"Action\":\"ec2:ModifyImageAttribute\",\"NotResource\":\"" + EAST_IMG2 + "\"}"),
                MODIFY_IMG, DENIED));
        r.add(row("deny NotResource, inside", policy(allow("ec2:*", "*"),
                "{\"Effect\":\"Deny\",\"Action\":\"ec2:ModifyImageAttribute\",\"NotResource\":\"" + EAST_IMG2 + "\"}"),
                MODIFY_IMG2, ALLOWED));
        // Resource-level CopyImage: the new image, the source image and its snapshots, each needed
        r.add(row("CopyImage: new image, source and snapshot allowed", policy(allow("ec2:CopyImage", COPY_ALL)),
                COPY_WEST, ALLOWED));
        r.add(row("CopyImage: only the new image", policy(allow("ec2:CopyImage", NEW_WEST_IMAGE)), COPY_WEST, DENIED));
        r.add(row("CopyImage: without the new image", policy(allow("ec2:CopyImage", arr(EAST_IMG, EAST_SNAP))),
                COPY_WEST, DENIED));
        r.add(row("CopyImage: without the source image", policy(allow("ec2:CopyImage", arr(NEW_WEST_IMAGE, EAST_SNAP))),
                COPY_WEST, DENIED));
        r.add(row("CopyImage: without the source snapshot", policy(allow("ec2:CopyImage",
                arr(NEW_WEST_IMAGE, EAST_IMG))),
                COPY_WEST, DENIED));
        r.add(row("CopyImage: new image in another Region named", policy(allow("ec2:CopyImage",
                arr("arn:aws:ec2:eu-west-1::image/*", EAST_IMG, EAST_SNAP))), COPY_WEST, DENIED));
        r.add(row("CopyImage: deny on the source image", policy(allow("ec2:CopyImage", COPY_ALL),
                deny("ec2:CopyImage", EAST_IMG)), COPY_WEST, DENIED));
        r.add(row("CopyImage: deny on the source snapshots", policy(allow("ec2:CopyImage", COPY_ALL),
                deny("ec2:CopyImage", "arn:aws:ec2:*::snapshot/*")), COPY_WEST, DENIED));
        r.add(row("CopyImage: deny on the new image", policy(allow("ec2:CopyImage", COPY_ALL),
                deny("ec2:CopyImage", NEW_WEST_IMAGE)), COPY_WEST, DENIED));
        r.add(row("CopyImage: wildcards over images and snapshots", policy(allow("ec2:CopyImage",
                arr("arn:aws:ec2:*::image/*", "arn:aws:ec2:*::snapshot/*"))), COPY_WEST, ALLOWED));
        r.add(row("CopyImage tagged: no ec2:CreateTags", policy(allow("ec2:CopyImage", COPY_ALL)), COPY_WEST_TAGGED,
                DENIED));
        r.add(row("CopyImage tagged: ec2:CreateTags on the new image", policy(allow("ec2:CopyImage", COPY_ALL),
                allow("ec2:CreateTags", NEW_WEST_IMAGE)), COPY_WEST_TAGGED, ALLOWED));
        r.add(row("CopyImage tagged: ec2:CreateTags for ec2:CreateAction CopyImage", policy(allow("ec2:CopyImage",
                COPY_ALL), allowIf("ec2:CreateTags", NEW_WEST_IMAGE, cond("StringEquals", "ec2:CreateAction",
                "CopyImage"))), COPY_WEST_TAGGED, ALLOWED));
        r.add(row("CopyImage tagged: ec2:CreateTags only for RegisterImage", policy(allow("ec2:CopyImage", COPY_ALL),
                allowIf("ec2:CreateTags", NEW_WEST_IMAGE, cond("StringEquals", "ec2:CreateAction",
                "RegisterImage"))), COPY_WEST_TAGGED, DENIED));
        // aws:RequestedRegion: StringEquals, StringNotEquals, StringLike, StringNotLike
        r.add(row("StringEquals aws:RequestedRegion, that Region", policy(allowIf("ec2:CopyImage", "*",
                cond("StringEquals", "aws:RequestedRegion", "us-west-2"))), COPY_WEST, ALLOWED));
        r.add(row("StringEquals aws:RequestedRegion, another Region", policy(allowIf("ec2:CopyImage", "*",
                cond("StringEquals", "aws:RequestedRegion", "us-west-2"))), COPY_EAST, DENIED));
        r.add(row("StringEquals with two values is OR", policy(allowIf("ec2:DescribeImages", "*",
                cond("StringEquals", "aws:RequestedRegion", arr("eu-west-1", "us-west-2")))), DESCRIBE_IMAGES_WEST,
                ALLOWED));
        r.add(row("StringNotEquals aws:RequestedRegion, another Region", policy(allowIf("ec2:DescribeImages", "*",
                cond("StringNotEquals", "aws:RequestedRegion", "us-east-1"))), DESCRIBE_IMAGES_WEST, ALLOWED));
        r.add(row("StringNotEquals aws:RequestedRegion, that Region", policy(allowIf("ec2:DescribeImages", "*",
                cond("StringNotEquals", "aws:RequestedRegion", "us-east-1"))), DESCRIBE_IMAGES, DENIED));
        r.add(row("StringLike aws:RequestedRegion us-*", policy(allowIf("ec2:DescribeImages", "*",
                cond("StringLike", "aws:RequestedRegion", "us-*"))), DESCRIBE_IMAGES, ALLOWED));
        r.add(row("StringLike aws:RequestedRegion *-west-*", policy(allowIf("ec2:DescribeImages", "*",
                cond("StringLike", "aws:RequestedRegion", "*-west-*"))), DESCRIBE_IMAGES, DENIED));
        r.add(row("StringNotLike aws:RequestedRegion us-east-*, in us-east-1", policy(allowIf("ec2:DescribeImages", "*",
                cond("StringNotLike", "aws:RequestedRegion", "us-east-*"))), DESCRIBE_IMAGES, DENIED));
        r.add(row("StringNotLike aws:RequestedRegion us-east-*, in us-west-2", policy(allowIf("ec2:DescribeImages", "*",
                cond("StringNotLike", "aws:RequestedRegion", "us-east-*"))), DESCRIBE_IMAGES_WEST, ALLOWED));
        r.add(row("deny outside one Region", policy(allow("ec2:*", "*"), stmt("Deny", "*", "*",
                cond("StringNotEquals", "aws:RequestedRegion", "us-east-1"))), DESCRIBE_IMAGES_WEST, DENIED));
        r.add(row("deny outside one Region, inside it", policy(allow("ec2:*", "*"), stmt("Deny", "*", "*",
                cond("StringNotEquals", "aws:RequestedRegion", "us-east-1"))), DESCRIBE_IMAGES, ALLOWED));
        // ec2:Encrypted: Bool, BoolIfExists, Null
        r.add(row("Bool ec2:Encrypted true, encrypted copy", policy(allowIf("ec2:CopyImage", "*",
                cond("Bool", "ec2:Encrypted", "true"))), COPY_WEST_ENCRYPTED, ALLOWED));
        r.add(row("Bool ec2:Encrypted true, unencrypted copy", policy(allowIf("ec2:CopyImage", "*",
                cond("Bool", "ec2:Encrypted", "true"))), COPY_WEST_UNENCRYPTED, DENIED));
        r.add(row("Bool ec2:Encrypted true, key missing", policy(allowIf("ec2:CopyImage", "*",
                cond("Bool", "ec2:Encrypted", "true"))), COPY_WEST, DENIED));
        r.add(row("BoolIfExists ec2:Encrypted true, key missing", policy(allowIf("ec2:CopyImage", "*",
                cond("BoolIfExists", "ec2:Encrypted", "true"))), COPY_WEST, ALLOWED));
        r.add(row("BoolIfExists ec2:Encrypted true, unencrypted", policy(allowIf("ec2:CopyImage", "*",
                cond("BoolIfExists", "ec2:Encrypted", "true"))), COPY_WEST_UNENCRYPTED, DENIED));
        r.add(row("Bool ec2:Encrypted on CopySnapshot", policy(allowIf("ec2:CopySnapshot", "*",
                cond("Bool", "ec2:Encrypted", "true"))), COPY_SNAP2_ENCRYPTED, ALLOWED));
        r.add(row("deny BoolIfExists ec2:Encrypted false, key missing", policy(allow("ec2:CopySnapshot", "*"),
                stmt("Deny", "ec2:CopySnapshot", "*", cond("BoolIfExists", "ec2:Encrypted", "false"))), COPY_SNAP2,
                DENIED));
        r.add(row("deny BoolIfExists ec2:Encrypted false, encrypted", policy(allow("ec2:CopySnapshot", "*"),
                stmt("Deny", "ec2:CopySnapshot", "*", cond("BoolIfExists", "ec2:Encrypted", "false"))),
                COPY_SNAP2_ENCRYPTED, ALLOWED));
        r.add(row("Null ec2:Encrypted true, key missing", policy(allowIf("ec2:CopyImage", "*",
                cond("Null", "ec2:Encrypted", "true"))), COPY_WEST, ALLOWED));
        r.add(row("Null ec2:Encrypted true, key present", policy(allowIf("ec2:CopyImage", "*",
                cond("Null", "ec2:Encrypted", "true"))), COPY_WEST_ENCRYPTED, DENIED));
        r.add(row("Null ec2:Encrypted false, key present", policy(allowIf("ec2:CopyImage", "*",
                cond("Null", "ec2:Encrypted", "false"))), COPY_WEST_ENCRYPTED, ALLOWED));
        // aws:PrincipalArn: ArnLike, ArnEquals, StringEquals
        r.add(row("ArnLike aws:PrincipalArn user/matr*", policy(allowIf("ec2:DescribeImages", "*",
                cond("ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:user/matr*"))), DESCRIBE_IMAGES, ALLOWED));
        r.add(row("ArnLike aws:PrincipalArn another user", policy(allowIf("ec2:DescribeImages", "*",
                cond("ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:user/other*"))), DESCRIBE_IMAGES, DENIED));
        r.add(row("ArnEquals aws:PrincipalArn the user", policy(allowIf("ec2:DescribeImages", "*",
                cond("ArnEquals", "aws:PrincipalArn", "{USER}"))), DESCRIBE_IMAGES, ALLOWED));
        r.add(row("ArnEquals aws:PrincipalArn another account's user", policy(allowIf("ec2:DescribeImages", "*",
                cond("ArnEquals", "aws:PrincipalArn", "arn:aws:iam::444455556666:user/matrix"))), DESCRIBE_IMAGES,
                DENIED));
        r.add(row("StringEquals aws:PrincipalArn the user", policy(allowIf("ec2:DescribeImages", "*",
                cond("StringEquals", "aws:PrincipalArn", "{USER}"))), DESCRIBE_IMAGES, ALLOWED));
        // aws:SourceIp: IpAddress, NotIpAddress (the client is 127.0.0.1)
        r.add(row("IpAddress 127.0.0.0/8", policy(allowIf("ec2:DescribeImages", "*",
                cond("IpAddress", "aws:SourceIp", "127.0.0.0/8"))), DESCRIBE_IMAGES, ALLOWED));
        r.add(row("IpAddress 10.0.0.0/8", policy(allowIf("ec2:DescribeImages", "*",
                cond("IpAddress", "aws:SourceIp", "10.0.0.0/8"))), DESCRIBE_IMAGES, DENIED));
        r.add(row("NotIpAddress 127.0.0.1/32", policy(allowIf("ec2:DescribeImages", "*",
                cond("NotIpAddress", "aws:SourceIp", "127.0.0.1/32"))), DESCRIBE_IMAGES, DENIED));
        r.add(row("NotIpAddress 192.0.2.0/24", policy(allowIf("ec2:DescribeImages", "*",
                cond("NotIpAddress", "aws:SourceIp", "192.0.2.0/24"))), DESCRIBE_IMAGES, ALLOWED));
        r.add(row("deny from outside 127.0.0.0/8", policy(allow("ec2:*", "*"), stmt("Deny", "*", "*",
                cond("NotIpAddress", "aws:SourceIp", "127.0.0.0/8"))), DESCRIBE_IMAGES, ALLOWED));
        // aws:RequestTag/K, numeric operators on a tag's value
        r.add(row("StringEquals aws:RequestTag/team a", policy(allowIf("ec2:CreateTags", "*",
                cond("StringEquals", "aws:RequestTag/team", "a"))), tagImg(tag("team", "a")), ALLOWED));
        r.add(row("StringEquals aws:RequestTag/team b", policy(allowIf("ec2:CreateTags", "*",
                cond("StringEquals", "aws:RequestTag/team", "a"))), tagImg(tag("team", "b")), DENIED));
        r.add(row("Null aws:RequestTag/team false, tag given", policy(allowIf("ec2:CreateTags", "*",
                cond("Null", "aws:RequestTag/team", "false"))), tagImg(tag("team", "x")), ALLOWED));
        r.add(row("Null aws:RequestTag/team false, tag missing", policy(allowIf("ec2:CreateTags", "*",
                cond("Null", "aws:RequestTag/team", "false"))), tagImg(tag("owner", "x")), DENIED));
        r.add(row("NumericLessThan aws:RequestTag/size 10, 5", policy(allowIf("ec2:CreateTags", "*",
                cond("NumericLessThan", "aws:RequestTag/size", "10"))), tagImg(tag("size", "5")), ALLOWED));
        r.add(row("NumericLessThan aws:RequestTag/size 10, 50", policy(allowIf("ec2:CreateTags", "*",
                cond("NumericLessThan", "aws:RequestTag/size", "10"))), tagImg(tag("size", "50")), DENIED));
        r.add(row("NumericGreaterThan aws:RequestTag/size 10, 50", policy(allowIf("ec2:CreateTags", "*",
                cond("NumericGreaterThan", "aws:RequestTag/size", "10"))), tagImg(tag("size", "50")), ALLOWED));
        r.add(row("NumericGreaterThan aws:RequestTag/size 10, 10", policy(allowIf("ec2:CreateTags", "*",
                cond("NumericGreaterThan", "aws:RequestTag/size", "10"))), tagImg(tag("size", "10")), DENIED));
        r.add(row("NumericLessThanIfExists, no such tag", policy(allowIf("ec2:CreateTags", "*",
                cond("NumericLessThanIfExists", "aws:RequestTag/size", "10"))), tagImg(tag("team", "a")), ALLOWED));
        r.add(row("deny one tag value", policy(allow("ec2:*", "*"), stmt("Deny", "ec2:CreateTags", "*",
                cond("StringEquals", "aws:RequestTag/env", "prod"))), tagImg(tag("env", "prod")), DENIED));
        r.add(row("deny one tag value, another value", policy(allow("ec2:*", "*"), stmt("Deny", "ec2:CreateTags", "*",
                cond("StringEquals", "aws:RequestTag/env", "prod"))), tagImg(tag("env", "dev")), ALLOWED));
        r.add(row("two keys are AND, both hold", policy(allowIf("ec2:CreateTags", "*",
                "{\"StringEquals\":{\"aws:RequestedRegion\":\"us-east-1\",\"aws:RequestTag/team\":\"a\"}}")),
                tagImg(tag("team", "a")), ALLOWED));
        r.add(row("two keys are AND, one fails", policy(allowIf("ec2:CreateTags", "*",
                "{\"StringEquals\":{\"aws:RequestedRegion\":\"us-east-1\",\"aws:RequestTag/team\":\"a\"}}")),
                tagImg(tag("team", "b")), DENIED));
        // aws:TagKeys with ForAllValues / ForAnyValue
        r.add(row("ForAllValues aws:TagKeys, all listed", policy(allowIf("ec2:CreateTags", "*",
                cond("ForAllValues:StringEquals", "aws:TagKeys", arr("team", "env")))), tagImg(tag("team", "a")),
                ALLOWED));
        r.add(row("ForAllValues aws:TagKeys, one unlisted", policy(allowIf("ec2:CreateTags", "*",
                cond("ForAllValues:StringEquals", "aws:TagKeys", arr("team", "env")))),
                tagImg(tag("team", "a"), tag("owner", "b")), DENIED));
        r.add(row("ForAllValues aws:TagKeys, no tags (key missing)", policy(allowIf("ec2:DescribeImages", "*",
                cond("ForAllValues:StringEquals", "aws:TagKeys", arr("team")))), DESCRIBE_IMAGES, ALLOWED));
        r.add(row("ForAnyValue aws:TagKeys, one listed", policy(allowIf("ec2:CreateTags", "*",
                cond("ForAnyValue:StringEquals", "aws:TagKeys", arr("team")))),
                tagImg(tag("team", "a"), tag("owner", "b")), ALLOWED));
        r.add(row("ForAnyValue aws:TagKeys, none listed", policy(allowIf("ec2:CreateTags", "*",
                cond("ForAnyValue:StringEquals", "aws:TagKeys", arr("team")))), tagImg(tag("owner", "b")), DENIED));
        r.add(row("ForAnyValue aws:TagKeys, no tags (key missing)", policy(allowIf("ec2:DescribeImages", "*",
                cond("ForAnyValue:StringEquals", "aws:TagKeys", arr("team")))), DESCRIBE_IMAGES, DENIED));
        r.add(row("ForAnyValue:StringLike aws:TagKeys", policy(allowIf("ec2:CreateTags", "*",
                cond("ForAnyValue:StringLike", "aws:TagKeys", "te*"))), tagImg(tag("team", "a")), ALLOWED));
        // aws:ResourceTag/K and ec2:ResourceTag/K (IMG is env=prod, IMG2 env=dev, the snapshots untagged)
        r.add(row("aws:ResourceTag/env prod, on prod", policy(allowIf("ec2:ModifyImageAttribute", "*",
                cond("StringEquals", "aws:ResourceTag/env", "prod"))), MODIFY_IMG, ALLOWED));
        r.add(row("aws:ResourceTag/env prod, on dev", policy(allowIf("ec2:ModifyImageAttribute", "*",
                cond("StringEquals", "aws:ResourceTag/env", "prod"))), MODIFY_IMG2, DENIED));
        r.add(row("ec2:ResourceTag/env dev, on dev", policy(allowIf("ec2:ModifyImageAttribute", "*",
                cond("StringEquals", "ec2:ResourceTag/env", "dev"))), MODIFY_IMG2, ALLOWED));
        r.add(row("ec2:ResourceTag/env dev, on prod", policy(allowIf("ec2:ModifyImageAttribute", "*",
                cond("StringEquals", "ec2:ResourceTag/env", "dev"))), MODIFY_IMG, DENIED));
        r.add(row("StringLike ec2:ResourceTag/env pr*", policy(allowIf("ec2:DeregisterImage", "*",
                cond("StringLike", "ec2:ResourceTag/env", "pr*"))), DEREGISTER_IMG, ALLOWED));
        r.add(row("StringNotEquals aws:ResourceTag/env prod, on prod", policy(allowIf("ec2:ModifyImageAttribute", "*",
                cond("StringNotEquals", "aws:ResourceTag/env", "prod"))), MODIFY_IMG, DENIED));
        r.add(row("StringEqualsIfExists aws:ResourceTag/env, untagged snapshot", policy(allowIf(
                "ec2:ModifySnapshotAttribute", "*", cond("StringEqualsIfExists", "aws:ResourceTag/env", "prod"))),
                MODIFY_SNAP, ALLOWED));
        r.add(row("StringEquals aws:ResourceTag/env, untagged snapshot", policy(allowIf(
                "ec2:ModifySnapshotAttribute", "*", cond("StringEquals", "aws:ResourceTag/env", "prod"))),
                MODIFY_SNAP, DENIED));
        r.add(row("deny on prod images", policy(allow("ec2:*", "*"), stmt("Deny", "ec2:DeregisterImage", "*",
                cond("StringEquals", "ec2:ResourceTag/env", "prod"))), DEREGISTER_IMG, DENIED));
        // IAM is authorized too (AccessDenied, 403)
        r.add(row("iam:ListUsers allowed", policy(allow("iam:List*", "*")), LIST_USERS, OK));
        r.add(row("iam:ListUsers not allowed", policy(allow("ec2:*", "*")), LIST_USERS, "AccessDenied"));
        return r.stream().map(Arguments::of);
    }
}
