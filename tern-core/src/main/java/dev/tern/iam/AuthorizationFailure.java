package dev.tern.iam;

import dev.tern.account.Principal;
import java.util.List;
import java.util.Map;

/**
 * What an authorization decision that refused a request knew: what DecodeAuthorizationMessage tells the caller.
 *
 * @param explicitDeny whether a Deny statement matched (false: no statement allowed it, the default deny)
 * @param matchedStatements the statements that decided, each as its policy JSON
 * @param action the IAM action, such as {@code ec2:CopyImage}
 * @param resource the resource ARN the decision was about
 * @param principal who asked
 * @param conditions the condition keys of the request and their values
 */
public record AuthorizationFailure(boolean explicitDeny, List<String> matchedStatements, String action,
        String resource, Principal principal, Map<String, List<String>> conditions) {
    public AuthorizationFailure {
        matchedStatements = List.copyOf(matchedStatements);
        conditions = Map.copyOf(conditions);
    }
}
