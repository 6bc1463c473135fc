package dev.tern.config;

/** An AWS partition; copies never cross one. */
public enum Partition {
    AWS("aws"), AWS_CN("aws-cn"), AWS_US_GOV("aws-us-gov");

    private final String id;

    Partition(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Partition fromName(String id) {
        for (Partition p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        return null;
    }

    /** The partition AWS puts a Region in, judged by its name. */
    public static Partition ofRegion(String regionName) {
        if (regionName.startsWith("cn-")) {
            return AWS_CN;
        }
        return regionName.startsWith("us-gov-") ? AWS_US_GOV : AWS;
    }
}
