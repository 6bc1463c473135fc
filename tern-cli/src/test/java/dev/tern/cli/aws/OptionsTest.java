package dev.tern.cli.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's copy-image synopsis: every option exists on the command made from the model, and a request built from
 * them carries each value. (--generate-cli-skeleton output shows nothing was sent: no server is needed.)
 */
class OptionsTest {
    private static String run(int expectedStatus, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new AwsCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()).run(args);
        assertThat(status).as("status of %s; stderr: %s", String.join(" ", args), err).isEqualTo(expectedStatus);
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void copyImageHasEveryOptionOfTheSeed() {
        String help = run(0, "ec2", "copy-image", "help");
        for (String option : new String[] {"--client-token", "--description", "--encrypted | --no-encrypted",
            "--kms-key-id", "--destination-outpost-arn",
            "--copy-image-tags | --no-copy-image-tags", "--tag-specifications",
            "--snapshot-copy-completion-duration-minutes", "--dry-run | --no-dry-run",
            "--cli-input-json | --cli-input-yaml", "--generate-cli-skeleton", "--debug", "--endpoint-url",
            "--no-verify-ssl", "--no-paginate", "--output", "--query", "--profile", "--region", "--version",
            "--color", "--no-sign-request", "--ca-bundle", "--cli-read-timeout", "--cli-connect-timeout",
            "--cli-binary-format", "--no-cli-pager", "--cli-auto-prompt", "--no-cli-auto-prompt",
            "--destination-availability-zone", "--destination-availability-zone-id"}) {
            assertThat(help).as(option).contains("[" + option);
        }
        // Required members stand without brackets in the synopsis, as in the AWS CLI's help.
        for (String option : new String[] {"--name", "--source-image-id", "--source-region"}) {
            assertThat(help).as(option).contains("\n  " + option + " <value>\n").doesNotContain("[" + option + " ");
        }
    }

    @Test
    void helpAtEachLevelCarriesTheModelsDocumentation() {
        String operation = run(0, "ec2", "copy-image", "--help");
        assertThat(operation).startsWith("copy-image\n\nDESCRIPTION\n  Initiates the copy of an AMI.")
                .contains("  --source-region (string)\n    [REQUIRED]\n    The name of the Region that contains the AMI to"
                        + " copy.\n")
                .contains("  --dry-run | --no-dry-run (boolean)\n    Checks whether you have the required permissions");
        assertThat(run(0, "ec2", "help")).startsWith("ec2\n\nDESCRIPTION\n  Amazon Elastic Compute Cloud\n")
                .contains("  o copy-image\n");
        assertThat(run(0, "kms", "encrypt", "help")).contains("  --key-id <value>\n")
                .contains("    Identifies the KMS key to use in the encryption operation.");
    }

    @Test
    void requiredMembersAreCheckedBeforeSending() {
        // Port 1: nothing listens there, so a request that were sent would fail with 255, not 252.
        String missing = run(252, "--endpoint-url", "http://127.0.0.1:1", "ec2", "copy-image", "--name", "n");
        assertThat(missing).endsWith("\ntern: error: the following arguments are required: --source-image-id,"
                + " --source-region\n\n");
        String document = run(252, "--endpoint-url", "http://127.0.0.1:1", "ec2", "copy-image", "--cli-input-json",
                "{\"SourceRegion\": \"us-west-2\"}");
        assertThat(document).isEqualTo("\nParameter validation failed:\nMissing required parameter in input: \"Name\"\n"
                + "Missing required parameter in input: \"SourceImageId\"\n");
        // Everything required is given: the request goes out, and finds nobody.
        run(255, "--endpoint-url", "http://127.0.0.1:1", "ec2", "copy-image", "--name", "n", "--source-image-id",
                "ami-066877671789bd71b", "--source-region", "us-west-2");
    }

    @Test
    void membersNewerThanTheReferenceCliHaveNotesToo() {
        // Newer than the AWS CLI 2.9.19's model: their notes come from a newer botocore's (scripts/cli-model-notes).
        assertThat(run(252, "--endpoint-url", "http://127.0.0.1:1", "ec2", "get-image-ancestry"))
                .endsWith("\ntern: error: the following arguments are required: --image-id\n\n");
        assertThat(run(0, "ec2", "copy-image", "help"))
                .contains("  --tag-specifications (list)\n    The tags to apply to the new AMI and new snapshots.")
                .contains("  --snapshot-copy-completion-duration-minutes (long)\n    Specify a completion duration, in 15"
                        + " minute increments, to initiate a\n    time-based AMI copy.");
    }

    @Test
    void everyGlobalOptionParses() {
        String out = run(0, "--endpoint-url", "http://127.0.0.1:1", "--no-verify-ssl", "--no-paginate",
                "--output", "json", "--query", "ImageId", "ec2", "copy-image", "--name", "n",
                "--source-image-id", "ami-066877671789bd71b", "--source-region", "us-west-2", "--encrypted",
                "--no-encrypted", "--kms-key-id", "alias/k", "--copy-image-tags", "--tag-specifications",
                "ResourceType=image,Tags=[{Key=k,Value=v}]", "--snapshot-copy-completion-duration-minutes", "15",
                "--dry-run", "--no-dry-run", "--client-token", "t", "--description", "d",
                "--destination-outpost-arn", "arn:aws:outposts:us-east-1:123456789012:outpost/op-1",
                "--region", "us-east-1", "--color", "off", "--no-sign-request", "--cli-read-timeout", "5",
                "--cli-connect-timeout", "5", "--cli-binary-format", "base64", "--no-cli-pager",
                "--no-cli-auto-prompt", "--generate-cli-skeleton", "output");
        assertThat(out).isEqualTo("\"ImageId\"\n");
    }
}
