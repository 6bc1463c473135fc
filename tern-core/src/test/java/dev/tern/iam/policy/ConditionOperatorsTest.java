package dev.tern.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every condition operator, with IfExists and the set qualifiers, as IAM documents them: a condition either lets
 * its Allow statement apply or not.
 */
class ConditionOperatorsTest {
    private static final String USER = "arn:aws:iam::111122223333:user/alice";

    /** Whether {@code condition} (a Condition block) holds for a request with {@code keys}. */
    private static boolean holds(String condition, ConditionKeys keys) {
        Policy p = Policy.parse("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"ec2:*\","
                + "\"Resource\":\"*\",\"Condition\":" + condition + "}}");
        Decision d = p.evaluate(new AccessRequest(USER, "111122223333", "ec2:CopyImage", "*", keys));
        assertThat(d).isNotEqualTo(Decision.DENY);
        return d == Decision.ALLOW;
    }

    private static ConditionKeys key(String name, String... values) {
        return new ConditionKeys().put(name, List.of(values));
    }

    private static ConditionKeys none() {
        return new ConditionKeys();
    }

    @Test
    void stringEqualsIsExactAndCaseSensitiveWithValuesAsAlternatives() {
        String c = "{\"StringEquals\":{\"aws:RequestedRegion\":[\"us-east-1\",\"eu-west-1\"]}}";
        assertThat(holds(c, key("aws:RequestedRegion", "eu-west-1"))).isTrue();
        assertThat(holds(c, key("aws:RequestedRegion", "EU-WEST-1"))).isFalse();
        assertThat(holds(c, key("aws:RequestedRegion", "us-west-2"))).isFalse();
        assertThat(holds(c, none())).isFalse();
        // Key names are not case-sensitive, either in the policy or in the request.
        assertThat(holds(c, key("AWS:REQUESTEDREGION", "us-east-1"))).isTrue();
        assertThat(holds(c.replace("aws:RequestedRegion", "Aws:requestedregion"), key("aws:RequestedRegion", "us-east-1"))).isTrue();
    }

    @Test
    void stringNotEqualsHoldsForAMissingKey() {
        String c = "{\"StringNotEquals\":{\"aws:RequestedRegion\":[\"us-east-1\",\"eu-west-1\"]}}";
        assertThat(holds(c, key("aws:RequestedRegion", "us-west-2"))).isTrue();
        assertThat(holds(c, key("aws:RequestedRegion", "us-east-1"))).isFalse();
        assertThat(holds(c, none())).isTrue();
    }

    @Test
    void ignoreCaseOperators() {
        assertThat(holds("{\"StringEqualsIgnoreCase\":{\"aws:RequestTag/team\":\"Storage\"}}", key("aws:RequestTag/team", "STORAGE"))).isTrue();
        assertThat(holds("{\"StringEqualsIgnoreCase\":{\"aws:RequestTag/team\":\"Storage\"}}", key("aws:RequestTag/team", "net"))).isFalse();
        assertThat(holds("{\"StringNotEqualsIgnoreCase\":{\"aws:RequestTag/team\":\"Storage\"}}", key("aws:RequestTag/team", "storage"))).isFalse();
        assertThat(holds("{\"StringNotEqualsIgnoreCase\":{\"aws:RequestTag/team\":\"Storage\"}}", key("aws:RequestTag/team", "net"))).isTrue();
    }

    @Test
    void stringLikeAndNotLike() {
        String like = "{\"StringLike\":{\"ec2:ResourceTag/Name\":[\"web-*\",\"db-??\"]}}";
        assertThat(holds(like, key("ec2:ResourceTag/Name", "web-frontend"))).isTrue();
        assertThat(holds(like, key("ec2:ResourceTag/Name", "db-01"))).isTrue();
        assertThat(holds(like, key("ec2:ResourceTag/Name", "db-001"))).isFalse();
        assertThat(holds(like, key("ec2:ResourceTag/Name", "Web-frontend"))).isFalse();
        assertThat(holds(like, none())).isFalse();
        String notLike = like.replace("StringLike", "StringNotLike");
        assertThat(holds(notLike, key("ec2:ResourceTag/Name", "web-frontend"))).isFalse();
        assertThat(holds(notLike, key("ec2:ResourceTag/Name", "mail"))).isTrue();
        assertThat(holds(notLike, none())).isTrue();
    }

    @Test
    void boolComparesTrueAndFalse() {
        assertThat(holds("{\"Bool\":{\"ec2:Encrypted\":\"true\"}}", key("ec2:Encrypted", "true"))).isTrue();
        assertThat(holds("{\"Bool\":{\"ec2:Encrypted\":true}}", key("ec2:Encrypted", "true"))).isTrue();
        assertThat(holds("{\"Bool\":{\"ec2:Encrypted\":\"true\"}}", key("ec2:Encrypted", "false"))).isFalse();
        assertThat(holds("{\"Bool\":{\"ec2:Encrypted\":\"false\"}}", none())).isFalse();
        assertThat(holds("{\"BoolIfExists\":{\"ec2:Encrypted\":\"false\"}}", none())).isTrue();
        assertThat(holds("{\"BoolIfExists\":{\"ec2:Encrypted\":\"false\"}}", key("ec2:Encrypted", "true"))).isFalse();
    }

    @Test
    void arnOperatorsMatchPartByPart() {
        String like = "{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:user/ops/*\"}}";
        assertThat(holds(like, key("aws:PrincipalArn", "arn:aws:iam::111122223333:user/ops/alice"))).isTrue();
        assertThat(holds(like, key("aws:PrincipalArn", "arn:aws:iam::111122223333:user/dev/bob"))).isFalse();
        assertThat(holds(like, key("aws:PrincipalArn", "not-an-arn"))).isFalse();
        assertThat(holds(like, none())).isFalse();
        // A * in one part never runs into the next: the Region's * cannot take "us-east-1:x" to line up the account.
        String account = "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:ec2:*:111122223333:image/*\"}}";
        assertThat(holds(account, key("aws:SourceArn", "arn:aws:ec2:us-east-1:x:111122223333:image/a"))).isFalse();
        assertThat(holds(account, key("aws:SourceArn", "arn:aws:ec2:us-east-1:111122223333:image/a"))).isTrue();
        assertThat(holds("{\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:ec2:us-east-1::image/ami-1\"}}",
                key("aws:SourceArn", "arn:aws:ec2:us-east-1::image/ami-1"))).isTrue();
        assertThat(holds("{\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:ec2:us-east-1::image/ami-1\"}}",
                key("aws:SourceArn", "arn:aws:ec2:us-east-1::image/ami-2"))).isFalse();
        assertThat(holds("{\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:user/ops/*\"}}",
                key("aws:PrincipalArn", "arn:aws:iam::111122223333:user/dev/bob"))).isTrue();
        assertThat(holds("{\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:user/ops/*\"}}",
                key("aws:PrincipalArn", "arn:aws:iam::111122223333:user/ops/bob"))).isFalse();
        assertThat(holds("{\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:user/ops/*\"}}", none())).isTrue();
    }

    @Test
    void nullTestsPresence() {
        assertThat(holds("{\"Null\":{\"aws:RequestTag/team\":\"true\"}}", none())).isTrue();
        assertThat(holds("{\"Null\":{\"aws:RequestTag/team\":\"true\"}}", key("aws:RequestTag/team", "a"))).isFalse();
        assertThat(holds("{\"Null\":{\"aws:RequestTag/team\":\"false\"}}", key("aws:RequestTag/team", "a"))).isTrue();
        assertThat(holds("{\"Null\":{\"aws:RequestTag/team\":false}}", none())).isFalse();
        // An empty list of values is a missing key.
        assertThat(holds("{\"Null\":{\"aws:TagKeys\":\"true\"}}", new ConditionKeys().put("aws:TagKeys", List.of()))).isTrue();
    }

    @Test
    void numericOperators() {
        ConditionKeys ten = key("ec2:VolumeSize", "10");
        assertThat(holds("{\"NumericEquals\":{\"ec2:VolumeSize\":\"10\"}}", ten)).isTrue();
        assertThat(holds("{\"NumericEquals\":{\"ec2:VolumeSize\":10.0}}", ten)).isTrue();
        assertThat(holds("{\"NumericNotEquals\":{\"ec2:VolumeSize\":10}}", ten)).isFalse();
        assertThat(holds("{\"NumericNotEquals\":{\"ec2:VolumeSize\":11}}", ten)).isTrue();
        assertThat(holds("{\"NumericLessThan\":{\"ec2:VolumeSize\":10}}", ten)).isFalse();
        assertThat(holds("{\"NumericLessThan\":{\"ec2:VolumeSize\":11}}", ten)).isTrue();
        assertThat(holds("{\"NumericLessThanEquals\":{\"ec2:VolumeSize\":10}}", ten)).isTrue();
        assertThat(holds("{\"NumericLessThanEquals\":{\"ec2:VolumeSize\":9}}", ten)).isFalse();
        assertThat(holds("{\"NumericGreaterThan\":{\"ec2:VolumeSize\":10}}", ten)).isFalse();
        assertThat(holds("{\"NumericGreaterThan\":{\"ec2:VolumeSize\":9.5}}", ten)).isTrue();
        assertThat(holds("{\"NumericGreaterThanEquals\":{\"ec2:VolumeSize\":10}}", ten)).isTrue();
        assertThat(holds("{\"NumericGreaterThanEquals\":{\"ec2:VolumeSize\":11}}", ten)).isFalse();
        assertThat(holds("{\"NumericLessThan\":{\"ec2:VolumeSize\":100}}", key("ec2:VolumeSize", "lots"))).isFalse();
        assertThat(holds("{\"NumericLessThan\":{\"ec2:VolumeSize\":\"lots\"}}", ten)).isFalse();
        assertThat(holds("{\"NumericLessThan\":{\"ec2:VolumeSize\":100}}", none())).isFalse();
        assertThat(holds("{\"NumericLessThanIfExists\":{\"ec2:VolumeSize\":100}}", none())).isTrue();
    }

    @Test
    void dateOperators() {
        ConditionKeys now = key("aws:CurrentTime", "2026-12-02T13:00:00Z");
        assertThat(holds("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2026-01-01T00:00:00Z\"}}", now)).isTrue();
        assertThat(holds("{\"DateLessThan\":{\"aws:CurrentTime\":\"2026-01-01T00:00:00Z\"}}", now)).isFalse();
        assertThat(holds("{\"DateLessThan\":{\"aws:CurrentTime\":\"2027-01-01T00:00:00+01:00\"}}", now)).isTrue();
        assertThat(holds("{\"DateEquals\":{\"aws:EpochTime\":\"1700000000\"}}", key("aws:EpochTime", "1700000000"))).isTrue();
        assertThat(holds("{\"DateNotEquals\":{\"aws:EpochTime\":\"1700000000\"}}", key("aws:EpochTime", "1700000000"))).isFalse();
    }

    @Test
    void ipAddressesAndRangesIpv4AndIpv6() {
        String in = "{\"IpAddress\":{\"aws:SourceIp\":[\"203.0.113.0/24\",\"10.1.2.3\",\"2001:db8:1::/48\"]}}";
        assertThat(holds(in, key("aws:SourceIp", "203.0.113.77"))).isTrue();
        assertThat(holds(in, key("aws:SourceIp", "203.0.114.1"))).isFalse();
        assertThat(holds(in, key("aws:SourceIp", "10.1.2.3"))).isTrue();
        assertThat(holds(in, key("aws:SourceIp", "10.1.2.4"))).isFalse();
        assertThat(holds(in, key("aws:SourceIp", "2001:db8:1:ff::1"))).isTrue();
        assertThat(holds(in, key("aws:SourceIp", "2001:db8:2::1"))).isFalse();
        assertThat(holds(in, key("aws:SourceIp", "localhost"))).isFalse();
        assertThat(holds(in, none())).isFalse();
        assertThat(holds("{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/12\"}}", key("aws:SourceIp", "10.15.255.255"))).isTrue();
        assertThat(holds("{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/12\"}}", key("aws:SourceIp", "10.16.0.0"))).isFalse();
        assertThat(holds("{\"IpAddress\":{\"aws:SourceIp\":\"0.0.0.0/0\"}}", key("aws:SourceIp", "192.0.2.1"))).isTrue();
        assertThat(holds("{\"IpAddress\":{\"aws:SourceIp\":\"0.0.0.0/0\"}}", key("aws:SourceIp", "::1"))).isFalse();
        String notIn = "{\"NotIpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}";
        assertThat(holds(notIn, key("aws:SourceIp", "203.0.113.77"))).isFalse();
        assertThat(holds(notIn, key("aws:SourceIp", "198.51.100.1"))).isTrue();
        assertThat(holds(notIn, none())).isTrue();
        // A value that is no range matches nothing rather than everything.
        assertThat(holds("{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/33\"}}", key("aws:SourceIp", "10.0.0.1"))).isFalse();
    }

    @Test
    void ifExistsHoldsForAMissingKeyAndTestsAPresentOne() {
        String c = "{\"StringEqualsIfExists\":{\"ec2:ResourceTag/env\":\"test\"}}";
        assertThat(holds(c, none())).isTrue();
        assertThat(holds(c, key("ec2:ResourceTag/env", "test"))).isTrue();
        assertThat(holds(c, key("ec2:ResourceTag/env", "prod"))).isFalse();
        assertThat(holds("{\"StringNotEqualsIfExists\":{\"ec2:ResourceTag/env\":\"prod\"}}", key("ec2:ResourceTag/env", "prod"))).isFalse();
        assertThat(holds("{\"StringNotEqualsIfExists\":{\"ec2:ResourceTag/env\":\"prod\"}}", none())).isTrue();
    }

    @Test
    void forAllValuesHoldsForNoValuesAndNeedsEveryValueToPass() {
        String c = "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\",\"env\"]}}";
        assertThat(holds(c, key("aws:TagKeys", "team"))).isTrue();
        assertThat(holds(c, key("aws:TagKeys", "team", "env"))).isTrue();
        assertThat(holds(c, key("aws:TagKeys", "team", "owner"))).isFalse();
        assertThat(holds(c, none())).isTrue();
        assertThat(holds(c, new ConditionKeys().put("aws:TagKeys", List.of()))).isTrue();
        // Every value must differ from all the listed ones.
        String not = "{\"ForAllValues:StringNotEquals\":{\"aws:TagKeys\":[\"secret\"]}}";
        assertThat(holds(not, key("aws:TagKeys", "team", "env"))).isTrue();
        assertThat(holds(not, key("aws:TagKeys", "team", "secret"))).isFalse();
        assertThat(holds("{\"ForAllValues:StringLike\":{\"aws:TagKeys\":\"app-*\"}}", key("aws:TagKeys", "app-a", "app-b"))).isTrue();
    }

    @Test
    void forAnyValueFailsForNoValuesAndNeedsOneValueToPass() {
        String c = "{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"team\",\"env\"]}}";
        assertThat(holds(c, key("aws:TagKeys", "owner", "env"))).isTrue();
        assertThat(holds(c, key("aws:TagKeys", "owner"))).isFalse();
        assertThat(holds(c, none())).isFalse();
        String not = "{\"ForAnyValue:StringNotEquals\":{\"aws:TagKeys\":[\"team\"]}}";
        assertThat(holds(not, key("aws:TagKeys", "team"))).isFalse();
        assertThat(holds(not, key("aws:TagKeys", "team", "env"))).isTrue();
        assertThat(holds(not, none())).isFalse();
        // IfExists turns a missing key into a pass for the set qualifiers too.
        assertThat(holds("{\"ForAnyValue:StringEqualsIfExists\":{\"aws:TagKeys\":\"team\"}}", none())).isTrue();
    }

    @Test
    void aMultiValuedKeyWithoutQualifierMatchesWhenAnyValueDoes() {
        assertThat(holds("{\"StringEquals\":{\"aws:TagKeys\":\"team\"}}", key("aws:TagKeys", "env", "team"))).isTrue();
        assertThat(holds("{\"StringNotEquals\":{\"aws:TagKeys\":\"team\"}}", key("aws:TagKeys", "env", "team"))).isFalse();
    }

    @Test
    void everyKeyAndEveryOperatorMustHold() {
        String c = "{\"StringEquals\":{\"aws:RequestedRegion\":\"us-east-1\",\"aws:RequestTag/team\":\"storage\"},"
                + "\"Bool\":{\"ec2:Encrypted\":\"true\"}}";
        ConditionKeys all = new ConditionKeys().put("aws:RequestedRegion", "us-east-1").put("aws:RequestTag/team", "storage")
                .put("ec2:Encrypted", "true");
        assertThat(holds(c, all)).isTrue();
        assertThat(holds(c, all.put("ec2:Encrypted", "false"))).isFalse();
        assertThat(holds(c, all.put("ec2:Encrypted", "true").remove("aws:RequestTag/team"))).isFalse();
    }

    @Test
    void binaryEqualsComparesTheBase64Text() {
        assertThat(holds("{\"BinaryEquals\":{\"kms:RecipientAttestation:ImageSha384\":\"QmluYXJ5\"}}",
                key("kms:RecipientAttestation:ImageSha384", "QmluYXJ5"))).isTrue();
    }
}
