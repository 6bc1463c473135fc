package dev.tern.account;

/** The status of an access key, as IAM names it: only an Active key signs requests. */
public enum KeyStatus {
    Active,
    Inactive;

    /** The status named {@code value} exactly as IAM spells it, or null. */
    public static KeyStatus parse(String value) {
        for (KeyStatus s : values()) {
            if (s.name().equals(value)) {
                return s;
            }
        }
        return null;
    }
}
