package dev.tern.cli.ebs;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** One line for the user about why a {@code tern ebs} command failed, and its exit status. */
final class Failures {
    private Failures() {
    }

    static int report(String command, Throwable e) {
        System.err.println("tern ebs " + command + ": " + describe(e));
        return e instanceof IllegalArgumentException ? 2 : 1;
    }

    static String describe(Throwable e) {
        Throwable t = e instanceof BlockWorkers.BlockFailure && e.getCause() != null ? e.getCause() : e;
        if (t instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            return a.awsErrorDetails().errorCode() + " (HTTP " + a.statusCode() + "): "
                    + a.awsErrorDetails().errorMessage();
        }
        if (t instanceof SdkClientException && t.getMessage() != null
                && t.getMessage().contains("Unable to load region")) {
            return "no Region: give --region, or set AWS_REGION or AWS_DEFAULT_REGION";
        }
        StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
                sb.append(": ").append(c.getMessage());
            }
        }
        return sb.toString();
    }
}
