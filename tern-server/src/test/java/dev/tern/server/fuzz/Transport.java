package dev.tern.server.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Encodes the parameters and wraps them in an HTTP request: method, content type, corruption, then auth. */
final class Transport extends Dice {
    private final int port;
    private final String action;

    Transport(Dice same, int port, String action) {
        super(same);
        this.port = port;
        this.action = action;
    }

    Wire.Request request(List<String[]> params) throws Exception {
        StringBuilder form = new StringBuilder();
        for (String[] p : params) {
            if (!form.isEmpty()) {
                form.append('&');
            }
            int shape = clean ? 200 : r.nextInt(200);
            if (shape == 0) { // a name without '='
                form.append(encode(p[0]));
            } else if (shape == 1) { // '=' without a name
                form.append('=').append(encode(p[1]));
            } else if (shape == 2) {
                form.append("&&");
            } else {
                form.append(encode(p[0])).append('=').append(encode(p[1]));
            }
        }
        byte[] encoded = form.toString().getBytes(StandardCharsets.UTF_8);
        if (!clean && r.nextInt(100) < 10) {
            encoded = corrupt(encoded);
        }

        int m = r.nextInt(100);
        String method = m < 72 || clean && m < 94 ? "POST" : m < 94 ? "GET" : clean ? "GET" : pick("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");
        boolean inQuery = method.equals("GET") || method.equals("HEAD") || !method.equals("POST") && r.nextBoolean();
        String path = clean || r.nextInt(100) < 95 ? "/" : pick("/x", "//", "/ec2", "/%2e%2e/", "/a%20b", "/~user/", "/index.html");

        Map<String, String> headers = new java.util.LinkedHashMap<>();
        byte[] body = new byte[0];
        byte[] query = new byte[0];
        if (inQuery) {
            query = encoded;
            if (!clean && r.nextInt(10) == 0) { // and something in the body, too
                body = "Filter.1.Name=name".getBytes(StandardCharsets.US_ASCII);
                headers.put("Content-Type", "application/x-www-form-urlencoded");
            }
        } else {
            body = encoded;
            headers.put("Content-Type", contentType());
            if (!clean && r.nextInt(20) == 0 && !params.isEmpty()) { // split between the query string and the body
                query = ("Action=" + encode(params.get(0)[1])).getBytes(StandardCharsets.UTF_8);
            }
        }
        if (headers.get("Content-Type") == null) {
            headers.remove("Content-Type");
        }
        if (!clean && r.nextInt(50) == 0) {
            headers.put(pick("X-Fuzz", "User-Agent", "Accept", "X-Amz-Target", "X-Amz-Security-Token"),
                    pick("", "x".repeat(4000), "\u00e9t\u00e9", "DescribeImages", "*/*"));
        }
        return new Authentication(this, port, action).authenticate(method, path, query, headers, body);
    }

    private String contentType() {
        int c = clean ? 0 : r.nextInt(100);
        if (c < 88) {
            return "application/x-www-form-urlencoded; charset=utf-8";
        }
        return pick("application/x-www-form-urlencoded", "APPLICATION/X-WWW-FORM-URLENCODED", "application/json",
                "text/plain", "multipart/form-data; boundary=x", "application/x-amz-json-1.1", "text/xml", "",
                "application/x-www-form-urlencoded; charset=latin1", ";;;", "\u00e9", null);
    }

    private byte[] corrupt(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 16);
        int at = in.length == 0 ? 0 : r.nextInt(in.length + 1);
        String what = pick("%", "%Z", "%G1", "%%", "%2", "%C3%28", "%FF%FE", "%ED%A0%80", "%00", "%C0%80",
                "%F4%90%80%80", "&", "=", "&=&", ";", "+", "%2", "%u00e9", "RAW", "TRUNCATE");
        note("corrupt=" + what + "@" + at);
        if (what.equals("TRUNCATE")) {
            out.write(in, 0, at);
            return out.toByteArray();
        }
        out.write(in, 0, at);
        if (what.equals("RAW")) {
            out.write(0x80 + r.nextInt(0x80));
            out.write(0x80 + r.nextInt(0x80));
        } else {
            out.writeBytes(what.getBytes(StandardCharsets.US_ASCII));
        }
        out.write(in, at, in.length - at);
        return out.toByteArray();
    }

    private static String encode(String s) {
        // RFC 3986 style (%20 for space) so that the SDK's SigV4 signer and the URI parser see what we send.
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
                    || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
