import dev.tern.iam.policy.AccessDecision;
import dev.tern.iam.policy.AccessRequest;
import dev.tern.iam.policy.ConditionKeys;
import dev.tern.iam.policy.IdentityPolicies;
import dev.tern.iam.policy.Policy;
import java.util.List;

/**
 * Nanoseconds per authorization decision for a user whose one policy has 10 statements (wildcard actions,
 * resources and conditions, the allowing one last), against the account root's decision, which evaluates no
 * policy: both include building the request and its condition keys, as every request will.
 */
public class PolicyEval {
    static final String ACCOUNT = "123456789012";
    static final String USER = "arn:aws:iam::" + ACCOUNT + ":user/bench";

    public static void main(String[] args) {
        int rounds = Integer.getInteger("rounds", 5);
        int n = Integer.getInteger("iterations", 2_000_000);
        StringBuilder statements = new StringBuilder();
        String[] services = {"s3", "sqs", "sns", "lambda", "dynamodb", "iam", "sts", "kms", "ebs"};
        for (String s : services) {
            statements.append("{\"Effect\":\"Allow\",\"Action\":[\"").append(s).append(":Get*\",\"").append(s)
                    .append(":List*\"],\"Resource\":\"arn:aws:").append(s).append(":*:").append(ACCOUNT).append(":*\",")
                    .append("\"Condition\":{\"StringEquals\":{\"aws:RequestedRegion\":[\"us-east-1\",\"eu-west-1\"]}}},");
        }
        statements.append("{\"Effect\":\"Allow\",\"Action\":\"ec2:Describe*\",\"Resource\":\"*\",\"Condition\":{"
                + "\"StringEquals\":{\"aws:RequestedRegion\":[\"us-east-1\",\"eu-west-1\"]},"
                + "\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"127.0.0.0/8\"]}}}");
        IdentityPolicies user = IdentityPolicies.of(List.of(Policy.parse(
                "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}")));
        long sink = 0;
        double bestUser = Double.MAX_VALUE;
        double bestRoot = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += decide(IdentityPolicies.ROOT, i).ordinal();
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += decide(user, i).ordinal();
            }
            long t2 = System.nanoTime();
            bestRoot = Math.min(bestRoot, (t1 - t0) / (double) n);
            bestUser = Math.min(bestUser, (t2 - t1) / (double) n);
        }
        if (decide(user, 0) != AccessDecision.ALLOWED) {
            throw new IllegalStateException("the benchmark policy must allow DescribeImages");
        }
        System.out.printf("root: %.0f ns per decision%n", bestRoot);
        System.out.printf("user with 10 statements: %.0f ns per decision%n", bestUser);
        System.out.printf("ratio user/root: %.2f (sink %d)%n", bestUser / bestRoot, sink % 10);
    }

    static AccessDecision decide(IdentityPolicies who, int i) {
        ConditionKeys keys = new ConditionKeys().put("aws:RequestedRegion", "us-east-1")
                .put("aws:SourceIp", (i & 1) == 0 ? "127.0.0.1" : "10.1.2.3").put("aws:PrincipalArn", USER);
        return who.decide(new AccessRequest(USER, ACCOUNT, "ec2:DescribeImages", "*", keys));
    }
}
