package dev.tern.junit;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** An account of the Tern under test and its one access key. */
public record TernAccount(String id, String accessKeyId, String secretAccessKey) {
    /** The credentials clients of this account sign with. */
    public StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }
}
