package dev.tern.cli.aws;

import java.util.Locale;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.outposts.OutpostsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The services {@code tern} has commands for: the ones the Tern server speaks. Everything else about a service (its
 * operations, their members, which ones page) is read from the AWS SDK's model classes in {@link #modelPackage}.
 */
enum Service {
    EC2("ec2", "EC2", Ec2Client.class, Ec2Client::builder, "Amazon Elastic Compute Cloud"),
    KMS("kms", "KMS", KmsClient.class, KmsClient::builder, "AWS Key Management Service"),
    EBS("ebs", "EBS", EbsClient.class, EbsClient::builder, "Amazon Elastic Block Store direct APIs"),
    OUTPOSTS("outposts", "OUTPOSTS", OutpostsClient.class, OutpostsClient::builder, "AWS Outposts"),
    IAM("iam", "IAM", IamClient.class, IamClient::builder, "AWS Identity and Access Management"),
    STS("sts", "STS", StsClient.class, StsClient::builder, "AWS Security Token Service");

    final String command;
    /** The suffix of its AWS_ENDPOINT_URL_ variable, from the service's SDK id. */
    final String endpointEnvSuffix;
    final Class<? extends SdkClient> clientInterface;
    final Supplier<? extends AwsClientBuilder<?, ?>> builder;
    final String title;
    final String modelPackage;

    Service(String command, String endpointEnvSuffix, Class<? extends SdkClient> clientInterface,
            Supplier<? extends AwsClientBuilder<?, ?>> builder, String title) {
        this.command = command;
        this.endpointEnvSuffix = endpointEnvSuffix;
        this.clientInterface = clientInterface;
        this.builder = builder;
        this.title = title;
        this.modelPackage = "software.amazon.awssdk.services." + command.toLowerCase(Locale.ROOT);
    }

    static Service byCommand(String name) {
        for (Service s : values()) {
            if (s.command.equals(name)) {
                return s;
            }
        }
        return null;
    }
}
