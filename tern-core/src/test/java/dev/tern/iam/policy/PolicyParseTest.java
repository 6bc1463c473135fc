package dev.tern.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import org.junit.jupiter.api.Test;

/** What IAM refuses when a policy is put, and with which words; and what it accepts. */
class PolicyParseTest {
    private static final String ALLOW_ALL = "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}";

    private static String doc(String statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":" + statements + "}";
    }

    private static void refused(String json, PolicyKind kind, String message) {
        assertThatThrownBy(() -> Policy.parse(json, kind)).isInstanceOfSatisfying(TernException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MalformedPolicyDocument);
            assertThat(e.code().code()).isEqualTo("MalformedPolicyDocument");
            assertThat(e.code().httpStatus()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private static void refused(String json, String message) {
        refused(json, PolicyKind.IDENTITY, message);
    }

    @Test
    void aStatementMayBeOneObjectOrAnArray() {
        assertThat(Policy.parse(doc(ALLOW_ALL)).kind()).isEqualTo(PolicyKind.IDENTITY);
        assertThat(Policy.parse(doc("[" + ALLOW_ALL + "," + ALLOW_ALL.replace("Allow", "Deny") + "]")).document())
                .contains("Deny");
        assertThat(Policy.parse(doc("[]")).evaluate(new AccessRequest("arn:aws:iam::111122223333:user/a",
                "111122223333", "ec2:DescribeImages", "*", null))).isEqualTo(Decision.NOT_APPLICABLE);
    }

    @Test
    void notJsonOrNotTheGrammarIsASyntaxError() {
        refused("not json", "Syntax errors in policy.");
        refused("", "Syntax errors in policy.");
        refused(doc(ALLOW_ALL) + " {}", "Syntax errors in policy.");
        refused("[]", "Syntax errors in policy.");
        refused("{\"Version\":\"2012-10-17\"}", "Syntax errors in policy.");
        refused("{\"Version\":\"2012-10-17\",\"Statement\":\"x\"}", "Syntax errors in policy.");
        refused("{\"Version\":\"2012-10-17\",\"Statment\":[]}", "Syntax errors in policy.");
        refused(doc("[\"x\"]"), "Syntax errors in policy.");
        refused(doc("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Extra\":1}"), "Syntax errors in policy.");
        refused(doc("{\"Effect\":\"Allow\",\"Action\":\"*\",\"NotAction\":\"s3:*\",\"Resource\":\"*\"}"), "Syntax errors in policy.");
        refused(doc("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"NotResource\":\"*\"}"), "Syntax errors in policy.");
        refused(doc("{\"Effect\":\"Allow\",\"Action\":{\"a\":1},\"Resource\":\"*\"}"), "Syntax errors in policy.");
        refused(doc("{\"Effect\":\"Allow\",\"Action\":[null],\"Resource\":\"*\"}"), "Syntax errors in policy.");
        refused(doc("{\"Effect\":\"Permit\",\"Action\":\"*\",\"Resource\":\"*\"}"), "Syntax errors in policy.");
        refused(doc("{\"Effect\":\"allow\",\"Action\":\"*\",\"Resource\":\"*\"}"), "Syntax errors in policy.");
        refused("{\"Version\":\"2012-10-17\",\"Version\":\"2012-10-17\",\"Statement\":" + ALLOW_ALL + "}",
                "Syntax errors in policy.");
    }

    @Test
    void anIdentityPolicyNeedsVersion2012() {
        refused("{\"Statement\":" + ALLOW_ALL + "}", "Policy document must be version 2012-10-17 or greater.");
        refused("{\"Version\":\"2008-10-17\",\"Statement\":" + ALLOW_ALL + "}",
                "Policy document must be version 2012-10-17 or greater.");
        refused("{\"Version\":\"2012-10-18\",\"Statement\":" + ALLOW_ALL + "}", "The policy failed legacy parsing");
        refused("{\"Version\":20121017,\"Statement\":" + ALLOW_ALL + "}", "Syntax errors in policy.");
    }

    @Test
    void requiredFields() {
        refused(doc("{\"Action\":\"*\",\"Resource\":\"*\"}"), "Missing required field Effect");
        refused(doc("{\"Effect\":\"Allow\",\"Resource\":\"*\"}"), "Policy statement must contain actions.");
        refused(doc("{\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"}"), "Policy statement must contain actions.");
        refused(doc("{\"Effect\":\"Allow\",\"Action\":\"*\"}"), "Policy statement must contain resources.");
        refused(doc("{\"Effect\":\"Allow\",\"NotAction\":\"*\",\"NotResource\":[]}"), "Policy statement must contain resources.");
    }

    @Test
    void actionsNeedAVendorAndOneColon() {
        refused(doc("{\"Effect\":\"Allow\",\"Action\":\"DescribeImages\",\"Resource\":\"*\"}"),
                "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
        refused(doc("{\"Effect\":\"Allow\",\"Action\":\":DescribeImages\",\"Resource\":\"*\"}"),
                "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
        refused(doc("{\"Effect\":\"Allow\",\"Action\":\"ec2:Describe:Images\",\"Resource\":\"*\"}"),
                "Actions/Condition can contain only one colon.");
        refused(doc("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"team\":\"a\"}}}"),
                "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
    }

    @Test
    void resourcesAreArnsOrStar() {
        refused(doc("{\"Effect\":\"Allow\",\"Action\":\"ec2:*\",\"Resource\":\"ami-12345678\"}"),
                "Resource ami-12345678 must be in ARN format or \"*\".");
        Policy.parse(doc("{\"Effect\":\"Allow\",\"Action\":\"ec2:*\",\"Resource\":[\"arn:aws:ec2:*::image/*\",\"*\"]}"));
    }

    @Test
    void sidsAreUniqueAndAlphanumericInIdentityPolicies() {
        String a = "{\"Sid\":\"One\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}";
        refused(doc("[" + a + "," + a + "]"), "Statement IDs (SID) in a single policy must be unique.");
        refused(doc(a.replace("One", "One two")), "Statement IDs (SID) must be alpha-numeric. Check that your input "
                + "satisfies the regular expression [0-9A-Za-z]*");
        Policy.parse(doc(a.replace("\"Sid\":\"One\",", "")));
    }

    @Test
    void onlyResourcePoliciesNamePrincipals() {
        String withPrincipal = doc("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"*\",\"Resource\":\"*\"}");
        refused(withPrincipal, "Policy document should not specify a principal.");
        refused(withPrincipal.replace("\"Principal\"", "\"NotPrincipal\""), "Policy document should not specify a principal.");
        Policy.parse(withPrincipal, PolicyKind.RESOURCE);
        refused(doc(ALLOW_ALL), PolicyKind.RESOURCE, "Missing required field Principal");
        refused(doc("{\"Effect\":\"Allow\",\"Principal\":\"someone\",\"Action\":\"*\",\"Resource\":\"*\"}"), PolicyKind.RESOURCE,
                "Policy contains a statement with one or more invalid principals.");
        refused(doc("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"bob\"},\"Action\":\"*\",\"Resource\":\"*\"}"), PolicyKind.RESOURCE,
                "Policy contains a statement with one or more invalid principals.");
        refused(doc("{\"Effect\":\"Allow\",\"Principal\":{\"Robot\":\"x\"},\"Action\":\"*\",\"Resource\":\"*\"}"), PolicyKind.RESOURCE,
                "Syntax errors in policy.");
        refused(doc("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"NotPrincipal\":{\"AWS\":\"*\"},\"Action\":\"*\",\"Resource\":\"*\"}"),
                PolicyKind.RESOURCE, "Syntax errors in policy.");
        // KMS key policies: no Version needed, 2008 accepted, Sids with spaces (AWS's own default policy has them).
        Policy.parse("{\"Statement\":[{\"Sid\":\"Enable IAM User Permissions\",\"Effect\":\"Allow\",\"Principal\":"
                + "{\"AWS\":[\"arn:aws:iam::111122223333:root\",\"arn:aws:iam::111122223333:user/ops/alice\"],"
                + "\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}", PolicyKind.RESOURCE);
        Policy.parse("{\"Version\":\"2008-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\","
                + "\"Resource\":\"*\"}}", PolicyKind.RESOURCE);
    }

    @Test
    void conditionOperatorsAreIamsOwn() {
        String base = "{\"Effect\":\"Allow\",\"Action\":\"ec2:*\",\"Resource\":\"*\",\"Condition\":%s}";
        refused(doc(base.formatted("{\"StringEqualz\":{\"aws:RequestedRegion\":\"us-east-1\"}}")), "Syntax errors in policy.");
        refused(doc(base.formatted("{\"NullIfExists\":{\"aws:RequestedRegion\":\"true\"}}")), "Syntax errors in policy.");
        refused(doc(base.formatted("{\"ForSomeValues:StringEquals\":{\"aws:TagKeys\":\"a\"}}")), "Syntax errors in policy.");
        refused(doc(base.formatted("{\"StringEquals\":\"us-east-1\"}")), "Syntax errors in policy.");
        refused(doc(base.formatted("{\"StringEquals\":{\"aws:RequestedRegion\":{\"a\":\"b\"}}}")), "Syntax errors in policy.");
        refused(doc(base.formatted("[]")), "Syntax errors in policy.");
        Policy.parse(doc(base.formatted("""
                {"ForAllValues:StringLikeIfExists":{"aws:TagKeys":["team","env*"]},
                 "NumericLessThanEquals":{"ec2:VolumeSize":100}, "Bool":{"aws:SecureTransport":true},
                 "IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]}, "DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"},
                 "Null":{"aws:RequestTag/team":"false"}, "ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:user/ops/*"}}""")));
    }
}
