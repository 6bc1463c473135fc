package dev.tern.iam.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IpAddress / NotIpAddress value: an IPv4 or IPv6 address with an optional prefix length, compiled to its bytes
 * and a bit count. Addresses are parsed from literals only: a text that is not an address literal never reaches
 * the resolver, so a policy or a request cannot make Tern look up a host name.
 */
final class IpRange {
    private final byte[] network;
    private final int bits;

    private IpRange(byte[] network, int bits) {
        this.network = network;
        this.bits = bits;
    }

    /** The range {@code cidr} names, or null when it is not an address (with or without a valid prefix). */
    static IpRange parse(String cidr) {
        int slash = cidr.indexOf('/');
        byte[] address = address(slash < 0 ? cidr : cidr.substring(0, slash));
        if (address == null) {
            return null;
        }
        int max = address.length * 8;
        int bits = max;
        if (slash >= 0) {
            String prefix = cidr.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            bits = Integer.parseInt(prefix);
            if (bits > max) {
                return null;
            }
        }
        return new IpRange(address, bits);
    }

    /** Whether the address literal {@code ip} lies in this range; false for anything that is not an address. */
    boolean contains(String ip) {
        byte[] a = address(ip);
        if (a == null || a.length != network.length) {
            return false;
        }
        int whole = bits / 8;
        for (int i = 0; i < whole; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[whole] & mask) == (network[whole] & mask);
    }

    /** The bytes of an IPv4 (4) or IPv6 (16) literal, or null. */
    static byte[] address(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            return ipv4(text);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) {
                return null;
            }
        }
        try {
            byte[] bytes = InetAddress.getByName(text).getAddress();
            return bytes.length == 16 ? bytes : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] ipv4(String text) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }
}
