package dev.tern.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Actions, resources and principals; how statements and policies combine. */
class PolicyEvaluationTest {
    private static final String ACCOUNT = "111122223333";
    private static final String ALICE = "arn:aws:iam::" + ACCOUNT + ":user/alice";
    private static final String IMAGE = "arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0";
    private static final String SNAPSHOT = "arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0";
    private static final String KEY = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private static Policy identity(String... statements) {
        return Policy.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}");
    }

    private static String allow(String action, String resource) {
        return "{\"Effect\":\"Allow\",\"Action\":" + action + ",\"Resource\":" + resource + "}";
    }

    private static String deny(String action, String resource) {
        return allow(action, resource).replace("Allow", "Deny");
    }

    private static AccessRequest request(String action, String resource) {
        return new AccessRequest(ALICE, ACCOUNT, action, resource, new ConditionKeys());
    }

    @Test
    void actionsMatchWithoutRegardToCaseAndWithWildcards() {
        Policy p = identity(allow("[\"ec2:CopyImage\",\"ec2:Describe*\",\"kms:?ncrypt\"]", "\"*\""));
        assertThat(p.evaluate(request("ec2:CopyImage", IMAGE))).isEqualTo(Decision.ALLOW);
        assertThat(p.evaluate(request("EC2:copyimage", IMAGE))).isEqualTo(Decision.ALLOW);
        assertThat(p.evaluate(request("ec2:DescribeImages", "*"))).isEqualTo(Decision.ALLOW);
        assertThat(p.evaluate(request("ec2:describesnapshots", "*"))).isEqualTo(Decision.ALLOW);
        assertThat(p.evaluate(request("kms:Encrypt", KEY))).isEqualTo(Decision.ALLOW);
        assertThat(p.evaluate(request("kms:ReEncrypt", KEY))).isEqualTo(Decision.NOT_APPLICABLE);
        assertThat(p.evaluate(request("ec2:CopySnapshot", SNAPSHOT))).isEqualTo(Decision.NOT_APPLICABLE);
        assertThat(p.evaluate(request("ec2:CopyImageX", IMAGE))).isEqualTo(Decision.NOT_APPLICABLE);
        assertThat(identity(allow("\"*\"", "\"*\"")).evaluate(request("iam:CreateUser", "*"))).isEqualTo(Decision.ALLOW);
        assertThat(identity(allow("\"ec2:*Image*\"", "\"*\"")).evaluate(request("ec2:DeregisterImage", IMAGE)))
                .isEqualTo(Decision.ALLOW);
    }

    @Test
    void resourcesMatchPartByPartAndKeepTheirCase() {
        Policy images = identity(allow("\"ec2:*\"", "\"arn:aws:ec2:us-east-1::image/*\""));
        assertThat(images.evaluate(request("ec2:CopyImage", IMAGE))).isEqualTo(Decision.ALLOW);
        assertThat(images.evaluate(request("ec2:CopyImage", IMAGE.replace("us-east-1", "us-west-2")))).isEqualTo(Decision.NOT_APPLICABLE);
        assertThat(images.evaluate(request("ec2:CopySnapshot", SNAPSHOT))).isEqualTo(Decision.NOT_APPLICABLE);
        assertThat(images.evaluate(request("ec2:CopyImage", IMAGE.replace("image/", "IMAGE/")))).isEqualTo(Decision.NOT_APPLICABLE);
        // An action that names no resource is authorized against "*", which only a "*" resource matches.
        assertThat(images.evaluate(request("ec2:DescribeImages", "*"))).isEqualTo(Decision.NOT_APPLICABLE);
        Policy anyRegion = identity(allow("\"ec2:*\"", "[\"arn:aws:ec2:*::image/ami-0123*\",\"arn:aws:ec2:*::snapshot/*\"]"));
        assertThat(anyRegion.evaluate(request("ec2:CopyImage", IMAGE.replace("us-east-1", "eu-west-1")))).isEqualTo(Decision.ALLOW);
        assertThat(anyRegion.evaluate(request("ec2:CopyImage", "arn:aws:ec2:us-east-1::image/ami-0999"))).isEqualTo(Decision.NOT_APPLICABLE);
        assertThat(anyRegion.evaluate(request("ec2:CopySnapshot", SNAPSHOT))).isEqualTo(Decision.ALLOW);
        Policy keys = identity(allow("\"kms:*\"", "\"arn:aws:kms:us-east-1:" + ACCOUNT + ":key/*\""));
        assertThat(keys.evaluate(request("kms:Decrypt", KEY))).isEqualTo(Decision.ALLOW);
        assertThat(keys.evaluate(request("kms:Decrypt", KEY.replace(ACCOUNT, "444455556666")))).isEqualTo(Decision.NOT_APPLICABLE);
        // A short pattern is one wildcard over the whole ARN.
        assertThat(identity(allow("\"ec2:*\"", "\"arn:aws:ec2:*\"")).evaluate(request("ec2:CopyImage", IMAGE))).isEqualTo(Decision.ALLOW);
    }

    @Test
    void notActionAndNotResourceApplyToEverythingElse() {
        Policy notAction = identity(allow("[]", "\"*\"").replace("\"Action\":[]", "\"NotAction\":[\"iam:*\",\"ec2:Deregister*\"]"));
        assertThat(notAction.evaluate(request("ec2:CopyImage", IMAGE))).isEqualTo(Decision.ALLOW);
        assertThat(notAction.evaluate(request("ec2:DeregisterImage", IMAGE))).isEqualTo(Decision.NOT_APPLICABLE);
        assertThat(notAction.evaluate(request("iam:CreateUser", "*"))).isEqualTo(Decision.NOT_APPLICABLE);
        Policy notResource = identity(allow("\"ec2:*\"", "[]").replace("\"Resource\":[]",
                "\"NotResource\":\"arn:aws:ec2:*::snapshot/*\""));
        assertThat(notResource.evaluate(request("ec2:CopyImage", IMAGE))).isEqualTo(Decision.ALLOW);
        assertThat(notResource.evaluate(request("ec2:CopySnapshot", SNAPSHOT))).isEqualTo(Decision.NOT_APPLICABLE);
        // Deny everything except reading: NotAction in a Deny.
        Policy readOnly = identity(allow("\"*\"", "\"*\""), deny("[]", "\"*\"").replace("\"Action\":[]", "\"NotAction\":\"ec2:Describe*\""));
        assertThat(readOnly.evaluate(request("ec2:DescribeImages", "*"))).isEqualTo(Decision.ALLOW);
        assertThat(readOnly.evaluate(request("ec2:CopyImage", IMAGE))).isEqualTo(Decision.DENY);
    }

    @Test
    void anExplicitDenyBeatsAnyAllowInAnyPolicy() {
        Policy all = identity(allow("\"ec2:*\"", "\"*\""));
        Policy noCopies = identity(deny("\"ec2:Copy*\"", "\"*\""));
        Policy both = identity(allow("\"ec2:*\"", "\"*\""), deny("\"ec2:CopyImage\"", "\"" + IMAGE + "\""));
        assertThat(both.evaluate(request("ec2:CopyImage", IMAGE))).isEqualTo(Decision.DENY);
        assertThat(both.evaluate(request("ec2:CopyImage", IMAGE.replace("0123", "9999")))).isEqualTo(Decision.ALLOW);
        assertThat(PolicyEvaluator.decide(request("ec2:CopyImage", IMAGE), all, noCopies)).isEqualTo(AccessDecision.EXPLICIT_DENY);
        assertThat(PolicyEvaluator.decide(request("ec2:CopyImage", IMAGE), noCopies, all)).isEqualTo(AccessDecision.EXPLICIT_DENY);
        assertThat(PolicyEvaluator.decide(request("ec2:DescribeImages", "*"), all, noCopies)).isEqualTo(AccessDecision.ALLOWED);
        assertThat(PolicyEvaluator.decide(request("kms:Decrypt", KEY), all, noCopies)).isEqualTo(AccessDecision.IMPLICIT_DENY);
        assertThat(PolicyEvaluator.decide(List.of(), request("kms:Decrypt", KEY))).isEqualTo(AccessDecision.IMPLICIT_DENY);
        assertThat(AccessDecision.EXPLICIT_DENY.allowed()).isFalse();
        // A Deny whose condition does not hold does not apply.
        Policy conditional = identity(allow("\"ec2:*\"", "\"*\""), "{\"Effect\":\"Deny\",\"Action\":\"ec2:*\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringNotEquals\":{\"aws:RequestedRegion\":\"us-east-1\"}}}");
        AccessRequest east = new AccessRequest(ALICE, ACCOUNT, "ec2:CopyImage", IMAGE,
                new ConditionKeys().put("aws:RequestedRegion", "us-east-1"));
        AccessRequest west = new AccessRequest(ALICE, ACCOUNT, "ec2:CopyImage", IMAGE,
                new ConditionKeys().put("aws:RequestedRegion", "us-west-2"));
        assertThat(conditional.evaluate(east)).isEqualTo(Decision.ALLOW);
        assertThat(conditional.evaluate(west)).isEqualTo(Decision.DENY);
    }

    @Test
    void identityPoliciesOfTheRootAndOfAUser() {
        assertThat(IdentityPolicies.ROOT.isRoot()).isTrue();
        assertThat(IdentityPolicies.ROOT.decide(request("iam:DeleteUser", "*"))).isEqualTo(AccessDecision.ALLOWED);
        assertThat(IdentityPolicies.of(List.of()).decide(request("ec2:DescribeImages", "*"))).isEqualTo(AccessDecision.IMPLICIT_DENY);
        IdentityPolicies user = IdentityPolicies.of(List.of(identity(allow("\"ec2:Describe*\"", "\"*\""))));
        assertThat(user.isRoot()).isFalse();
        assertThat(user.decide(request("ec2:DescribeImages", "*"))).isEqualTo(AccessDecision.ALLOWED);
        assertThat(user.decide(request("ec2:CopyImage", IMAGE))).isEqualTo(AccessDecision.IMPLICIT_DENY);
    }

    @Test
    void aResourcePolicySaysHowItNamedTheCaller() {
        String statements = """
                {"Version":"2012-10-17","Statement":[
                 {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%1$s:root"},"Action":"kms:*","Resource":"*"},
                 {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::%1$s:user/alice"]},"Action":"kms:Decrypt","Resource":"*"},
                 {"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"kms:Encrypt","Resource":"*"},
                 {"Effect":"Deny","Principal":"*","Action":"kms:ScheduleKeyDeletion","Resource":"*"}]}""".formatted(ACCOUNT);
        Policy p = Policy.parse(statements, PolicyKind.RESOURCE);
        assertThat(p.evaluateAsResourcePolicy(request("kms:Decrypt", KEY))).isEqualTo(ResourcePolicyDecision.ALLOW);
        assertThat(p.evaluateAsResourcePolicy(request("kms:Encrypt", KEY))).isEqualTo(ResourcePolicyDecision.ALLOW_VIA_ACCOUNT);
        assertThat(p.evaluate(request("kms:Encrypt", KEY))).isEqualTo(Decision.ALLOW);
        assertThat(p.evaluateAsResourcePolicy(request("kms:ScheduleKeyDeletion", KEY))).isEqualTo(ResourcePolicyDecision.DENY);
        AccessRequest bob = new AccessRequest("arn:aws:iam::444455556666:user/bob", "444455556666", "kms:Encrypt", KEY, null);
        assertThat(p.evaluateAsResourcePolicy(bob)).isEqualTo(ResourcePolicyDecision.ALLOW_VIA_ACCOUNT);
        assertThat(p.evaluateAsResourcePolicy(bob.forAction("kms:Decrypt"))).isEqualTo(ResourcePolicyDecision.NOT_APPLICABLE);
        AccessRequest carol = new AccessRequest("arn:aws:iam::777788889999:root", "777788889999", "kms:Encrypt", KEY, null);
        assertThat(p.evaluateAsResourcePolicy(carol)).isEqualTo(ResourcePolicyDecision.NOT_APPLICABLE);

        Policy notPrincipal = Policy.parse("""
                {"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"},
                 {"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::%s:user/alice"},"Action":"kms:Decrypt","Resource":"*"}]}"""
                .formatted(ACCOUNT), PolicyKind.RESOURCE);
        assertThat(notPrincipal.evaluate(request("kms:Decrypt", KEY))).isEqualTo(Decision.ALLOW);
        assertThat(notPrincipal.evaluate(bob.forAction("kms:Decrypt"))).isEqualTo(Decision.DENY);
        assertThat(notPrincipal.evaluate(bob)).isEqualTo(Decision.ALLOW);
    }

    @Test
    void aPolicyIsSharedBetweenThreads() throws Exception {
        Policy p = identity(allow("\"ec2:Describe*\"", "\"*\""), deny("\"ec2:DescribeSnapshots\"", "\"*\""));
        Thread[] threads = new Thread[4];
        boolean[] ok = new boolean[threads.length];
        for (int t = 0; t < threads.length; t++) {
            int n = t;
            threads[t] = new Thread(() -> {
                boolean all = true;
                for (int i = 0; i < 10_000; i++) {
                    all &= p.evaluate(request("ec2:DescribeImages", "*")) == Decision.ALLOW;
                    all &= p.evaluate(request("ec2:DescribeSnapshots", "*")) == Decision.DENY;
                }
                ok[n] = all;
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(ok).containsOnly(true);
    }
}
