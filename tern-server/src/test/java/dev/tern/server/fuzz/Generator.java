package dev.tern.server.fuzz;

import static dev.tern.server.fuzz.Schema.VERSION;
import static dev.tern.server.testing.TernTestServer.ALICE;
import static dev.tern.server.testing.TernTestServer.BOB;
import static dev.tern.server.testing.TernTestServer.CAROL;

import dev.tern.server.fuzz.Schema.Kind;
import dev.tern.server.fuzz.Schema.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Builds one request from its Random: parameters, mutations, encoding, transport and authentication. The parameters
 * and their values are drawn here, from the schema; {@link Mutations}, {@link Transport} and {@link Authentication}
 * do the rest.
 */
final class Generator extends Dice {
    static final String[] FILTER_NAMES = {"name", "image-id", "owner-id", "owner-alias", "state",
        "architecture", "tag:Name", "tag:", "tag-key", "tag-value", "is-public", "description", "snapshot-id",
        "volume-size", "resource-id", "resource-type", "key", "value", "region-name", "endpoint", "opt-in-status",
        "block-device-mapping.snapshot-id", "block-device-mapping.volume-size", "creation-date", "colour", "",
        "tag:*", "NAME", "image-type", "root-device-type", "virtualization-type", "start-time", "status",
        "platform", "hypervisor", "deprecation-time", "kms-key-id", "encrypted", "progress", "volume-id"};
    private static final String[] ATTRIBUTES = {"description", "launchPermission", "blockDeviceMapping",
        "kernel", "ramdisk", "productCodes", "sriovNetSupport", "bootMode", "tpmSupport", "uefiData",
        "lastLaunchedTime", "imdsSupport", "deregistrationProtection", "createVolumePermission", "colour", "",
        "LAUNCHPERMISSION"};
    private static final String[] ACCOUNTS = {ALICE, BOB, CAROL, "123456789012", "all", "12345", "abcdefghijkl",
        "000000000000", ""};
    private static final String[] STRINGS = {"x", "", " ", "*", "?", "%", "_", "\\", "'", "\"", "<x/>", "&amp;",
        "]]>", "a*b?c", "bench-*", "null", "NULL", "undefined", "true", "0", "-1", "ami-", "Robert'); DROP TABLE images;--",
        "%' OR '1'='1", "\u00e9t\u00e9", "\u65e5\u672c", "\ud83d\ude00", "a\u0000b", "\u0001\u0002\u001b[31m",
        "\u2028\u2029", "\ufeff", "\ufffe\uffff", "\u202e", "line\nbreak", "tab\there", "cr\rlf"};

    final Set<String> images;
    private final Set<String> snapshots;
    private final Set<String> ownSnapshots;
    private final List<String> tokens;
    private final Schema schema;
    private final List<String> implemented;
    private final int port;
    private String action;

    Generator(Random r, int port, Targets targets, Schema schema) {
        super(r, r.nextInt(100) < 25);
        this.port = port;
        this.images = targets.images;
        this.snapshots = targets.snapshots;
        this.ownSnapshots = targets.ownSnapshots;
        this.tokens = targets.tokens;
        this.schema = schema;
        this.implemented = schema.served();
    }

    Wire.Request next() throws Exception {
        List<String[]> params = new ArrayList<>();
        String action = clean ? implemented.get(r.nextInt(implemented.size())) : pickAction();
        if (clean) {
            note("clean");
        }
        if (action != null) {
            params.add(new String[] {"Action", action});
        }
        this.action = action;
        int v = clean ? 0 : r.nextInt(100);
        if (v < 92) {
            params.add(new String[] {"Version", VERSION});
        } else if (v < 96) {
            params.add(new String[] {"Version", pick("2010-08-31", "2016-11-15x", "", "latest", "9999-99-99")});
        }
        List<Param> members = action == null ? List.of() : schema.params(action);
        for (Param p : members) {
            if (p.required() && (clean || r.nextInt(100) < 92)) {
                params.add(new String[] {p.name().replace("#", "1"), clean ? cleanValue(p.kind()) : value(p.kind())});
            }
        }
        if ("RegisterImage".equals(action) && (clean || r.nextInt(100) < 60)) { // a root volume on a real snapshot
            params.add(new String[] {"RootDeviceName", "/dev/xvda"});
            params.add(new String[] {"BlockDeviceMapping.1.DeviceName", "/dev/xvda"});
            params.add(new String[] {"BlockDeviceMapping.1.Ebs.SnapshotId", pickFrom(ownSnapshots)});
        }
        int n = members.isEmpty() ? 0 : r.nextInt(100) < 10 && !clean ? r.nextInt(40) : r.nextInt(clean ? 3 : 5);
        for (int i = 0; i < n; i++) {
            Param p = members.get(r.nextInt(members.size()));
            if (clean && p.name().equals("DryRun")) {
                continue;
            }
            params.add(new String[] {clean ? p.name().replace("#", "1") : indexed(p.name()),
                    clean ? cleanValue(p.kind()) : value(p.kind())});
        }
        int mutations = clean || r.nextInt(100) < 40 ? 0 : 1 + r.nextInt(r.nextInt(100) < 10 ? 12 : 3);
        Mutations mutator = new Mutations(this);
        for (int i = 0; i < mutations; i++) {
            mutator.apply(params, members);
        }
        return new Transport(this, port, action).request(params);
    }

    private String pickAction() {
        int a = r.nextInt(100);
        if (a < 80) {
            return implemented.get(r.nextInt(implemented.size()));
        }
        if (a < 86) {
            return schema.known().get(r.nextInt(schema.known().size()));
        }
        if (a < 95) {
            return pick("Frobnicate", "describeimages", "DESCRIBEIMAGES", "DescribeImages ", " DescribeImages",
                    "DescribeImages\u0000", "RunInstances", "DescribeInstances", "CreateImage", "",
                    garbage(1 + r.nextInt(40)), "Describe" + "Images".repeat(1 + r.nextInt(5000)));
        }
        return null;
    }

    private String indexed(String pattern) {
        StringBuilder sb = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '#') {
                sb.append(r.nextInt(100) < 85 ? 1 + r.nextInt(3) : 1 + r.nextInt(60));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A value the service should accept (the resource may still be gone or someone else's). */
    private String cleanValue(Kind kind) {
        boolean snapshotAction = action != null && action.contains("Snapshot");
        return switch (kind) {
            case BOOL -> pick("true", "false");
            case INT -> pick("5", "8", "10", "100", "1000");
            case STRING -> pick("x", "fuzz", "fuzz-*", "a*b?c", "\u00e9t\u00e9", "Name", "*");
            case NAME -> "fuzz-" + Integer.toHexString(r.nextInt()) + pick("", " (1)", "[x]", "/a@b'c");
            case ATTRIBUTE -> snapshotAction ? pick("createVolumePermission", "productCodes")
                    : pick("description", "launchPermission", "blockDeviceMapping", "bootMode", "imdsSupport",
                            "kernel", "ramdisk", "sriovNetSupport", "tpmSupport", "lastLaunchedTime");
            case FILTER_NAME -> action == null ? "name" : switch (action) {
                case "DescribeRegions" -> pick("region-name", "endpoint", "opt-in-status");
                case "DescribeSnapshots" -> pick("snapshot-id", "owner-id", "volume-size", "tag:Name", "tag-key",
                        "status", "description", "volume-id", "encrypted");
                case "DescribeTags" -> pick("resource-id", "resource-type", "key", "value");
                default -> pick("name", "image-id", "owner-id", "state", "architecture", "tag:Name", "tag-key",
                        "is-public", "description", "block-device-mapping.snapshot-id", "root-device-type");
            };
            case ACCOUNT -> pick(ALICE, BOB, CAROL, "123456789012");
            case OWNER -> pick("self", ALICE, BOB, "amazon");
            case TAG_KEY -> pick("Name", "env", "team");
            case OPERATION -> pick("add", "remove");
            case GROUP -> "all";
            case RESOURCE_TYPE -> snapshotAction ? "snapshot" : "image";
            case TIME -> "2031-01-01T00:00:00Z";
            case REGION -> pick("us-east-1", "us-west-2");
            case ZONE -> pick(FuzzTest.LOCAL_ZONE, FuzzTest.LOCAL_ZONE_ID);
            case TOKEN -> tokens.isEmpty() ? "" : tokens.get(r.nextInt(tokens.size()));
            default -> value(kind);
        };
    }

    String value(Kind kind) {
        if (!clean && r.nextInt(100) < 8) {
            return wrongValue();
        }
        return switch (kind) {
            case IMAGE -> clean || r.nextInt(10) < 7 ? pickFrom(images) : pick("ami-12345678", "ami-", "AMI-0123456789ABCDEF0",
                    "ami-0123456789abcdef", "snap-0123456789abcdef0", "ami-0123456789abcdef0 ", "ami-*");
            case SNAPSHOT -> clean || r.nextInt(10) < 7 ? pickFrom(snapshots) : pick("snap-12345678", "snap-", "vol-0123",
                    "ami-0123456789abcdef0");
            case RESOURCE -> r.nextBoolean() ? pickFrom(images) : r.nextInt(4) > 0 ? pickFrom(snapshots)
                    : pick("i-0123456789abcdef0", "vol-0123456789abcdef0", "sg-1", "", "*");
            case BOOL -> pick("true", "false", "TRUE", "False", "1", "yes", "");
            case INT -> pick("1", "5", "8", "10", "0", "-1", "1000", "1001", "65536", "65537", "2147483647",
                    "2147483648", "9223372036854775808", "abc", "1.5", " 7 ", "1e3", "0x10", "");
            case STRING -> r.nextInt(3) == 0 ? garbage(r.nextInt(30)) : pick(STRINGS);
            case NAME -> r.nextInt(3) > 0 ? "fuzz-" + Integer.toHexString(r.nextInt()) + pick("", " (1)", "[x]", "/a@b'c")
                    : pick("ab", "x".repeat(128), "x".repeat(129), "bad\u0000name", "\u00e9\u00e9\u00e9", "a*b", "");
            case ARCH -> pick("x86_64", "arm64", "i386", "x86_64_mac", "arm64_mac", "sparc", "");
            case DEVICE -> pick("/dev/xvda", "/dev/sda1", "/dev/sdb", "xvdf", "/dev/", "", "/dev/xvda/../../etc");
            case VOLUME_TYPE -> pick("gp2", "gp3", "io1", "io2", "st1", "sc1", "standard", "magnetic", "");
            case FILTER_NAME -> pick(FILTER_NAMES);
            case ACCOUNT -> pick(ACCOUNTS);
            case OWNER -> pick("self", "amazon", "aws-marketplace", ALICE, BOB, "123456789012", "", "*");
            case ATTRIBUTE -> pick(ATTRIBUTES);
            case TOKEN -> !tokens.isEmpty() && r.nextBoolean() ? tokens.get(r.nextInt(tokens.size()))
                    : pick("", "x", "AAAA", "eyJ9", "%%%", "bm90IGEgdG9rZW4=", garbage(20));
            case RESOURCE_TYPE -> pick("image", "snapshot", "instance", "volume", "", "IMAGE");
            case TAG_KEY -> pick("Name", "env", "aws:reserved", "", " ", "k".repeat(127), "k".repeat(128), "\u00e9",
                    "a=b", "tag:Name");
            case TIME -> pick("2030-01-01T00:00:00Z", "2030-01-01T00:00:00.000Z", "1999-01-01T00:00:00Z",
                    "yesterday", "2030-13-45T99:99:99Z", "");
            case OPERATION -> pick("add", "remove", "ADD", "delete", "");
            case GROUP -> pick("all", "ALL", "everyone", "");
            case REGION -> pick("us-east-1", "us-west-2", "eu-west-1", "xx-nowhere-1", "cn-north-1", "US-EAST-1",
                    "us-east-1 ", "");
            case ZONE -> pick(FuzzTest.LOCAL_ZONE, FuzzTest.LOCAL_ZONE_ID, "us-east-1a", "us-west-2-lax-1b",
                    "usw2-lax1-az9", "", "*");
            case URL -> pick("https://ec2.us-east-1.amazonaws.com/?Action=CopySnapshot&SourceRegion=us-east-1"
                            + "&SourceSnapshotId=" + pickFrom(snapshots) + "&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                            + "&X-Amz-Credential=AKIA%2F20300101%2Fus-east-1%2Fec2%2Faws4_request&X-Amz-Date=20300101T000000Z"
                            + "&X-Amz-SignedHeaders=host&X-Amz-Signature=" + "0".repeat(64),
                    "not a url", "http://[::1", "https://x/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2Fb",
                    "https://ec2.amazonaws.com", "%zz", "");
        };
    }

    String wrongValue() {
        return switch (r.nextInt(7)) {
            case 0 -> "";
            case 1 -> garbage(1 + r.nextInt(50));
            case 2 -> huge();
            case 3 -> pick("abc", "-1", "99999999999999999999", "NaN", "1.5", "true");
            case 4 -> pick(STRINGS);
            case 5 -> controlChars(1 + r.nextInt(20));
            default -> unicode(1 + r.nextInt(50));
        };
    }

    String huge() {
        int k = r.nextInt(100);
        int size = k < 2 ? 300_000 + r.nextInt(300_000) : k < 20 ? 20_000 + r.nextInt(40_000) : 1_000 + r.nextInt(5_000);
        return String.valueOf(pick("a", "x", "*", "?", "%", "\u00e9", "ami-0")).repeat(size / 2);
    }
}
