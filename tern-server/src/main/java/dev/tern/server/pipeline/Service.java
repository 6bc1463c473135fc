package dev.tern.server.pipeline;

/**
 * The AWS services Tern answers on its one endpoint: the SigV4 name in a credential's scope, which is also the
 * prefix of their IAM actions ({@code ec2:CopyImage}), and the wire protocol each speaks.
 */
public enum Service {
    EC2("ec2", Wire.EC2_QUERY),
    KMS("kms", Wire.AWS_JSON),
    EBS("ebs", Wire.REST_JSON),
    OUTPOSTS("outposts", Wire.REST_JSON),
    IAM("iam", Wire.AWS_QUERY),
    STS("sts", Wire.AWS_QUERY);

    /** The four protocol families. */
    public enum Wire { EC2_QUERY, AWS_QUERY, AWS_JSON, REST_JSON }

    private final String signingName;
    private final Wire wire;

    Service(String signingName, Wire wire) {
        this.signingName = signingName;
        this.wire = wire;
    }

    public String signingName() {
        return signingName;
    }

    public Wire wire() {
        return wire;
    }

    /** IAM and STS are global: their requests are signed for us-east-1 whatever Region the caller works in. */
    public boolean global() {
        return this == IAM || this == STS;
    }

    public static Service bySigningName(String name) {
        for (Service s : values()) {
            if (s.signingName.equals(name)) {
                return s;
            }
        }
        return null;
    }
}
