package dev.tern.server.wire;

import dev.tern.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An {@code application/x-www-form-urlencoded} string (a POST body or a query string), decoded in order. */
public final class FormParams {
    /** One decoded name=value pair; the raw (still encoded) forms are kept for SigV4's canonical query. */
    public record Param(String name, String value, String rawName, String rawValue) {}

    private FormParams() {}

    public static List<Param> parse(String encoded) {
        List<Param> out = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        int start = 0;
        while (start <= encoded.length()) {
            int amp = encoded.indexOf('&', start);
            int end = amp < 0 ? encoded.length() : amp;
            if (end > start) {
                String pair = encoded.substring(start, end);
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
                out.add(new Param(decode(rawName), decode(rawValue), rawName, rawValue));
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        return out;
    }

    /** Percent-decoding with '+' as space; malformed escapes are MalformedQueryString, never a 500. */
    public static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw ErrorCode.MalformedQueryString.withMessage("Malformed percent-encoding in the query string");
                }
                out.write((hi << 4) | lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                int cp = s.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
