package dev.tern.server.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** HTTP/1.1 over a plain socket: sends bytes exactly as generated (the JDK's client refuses many of them). */
final class Wire {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    record Request(int index, String method, byte[] target, Map<String, String> headers, byte[] body,
            boolean chunked, String notes, String action, boolean clean) {
        Request withIndex(int i) {
            return new Request(i, method, target, headers, body, chunked, notes, action, clean);
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 1024);
            out.writeBytes((method + " ").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(target);
            out.writeBytes(" HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            for (Map.Entry<String, String> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase("content-length") || h.getKey().equalsIgnoreCase("connection")) {
                    continue;
                }
                out.writeBytes((h.getKey() + ": " + h.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            if (chunked && body.length > 0) {
                out.writeBytes("Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.US_ASCII));
            } else if (body.length > 0 || method.equals("POST") || method.equals("PUT")) {
                out.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.writeBytes("Connection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (chunked && body.length > 0) {
                for (int at = 0; at < body.length; at += 1000) {
                    int n = Math.min(1000, body.length - at);
                    out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, at, n);
                    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                out.writeBytes(body);
            }
            return out.toByteArray();
        }

        String describe() {
            return method + " " + printable(target, 600) + " headers=" + headers.keySet() + (chunked ? " chunked" : "")
                    + " body(" + body.length + ")=" + printable(body, 1200) + " [" + notes.trim() + "]";
        }
    }

    record Response(int status, Map<String, String> headers, byte[] body) {}

    static Response exchange(int port, byte[] request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
            s.setSoTimeout((int) TIMEOUT.toMillis());
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            IOException writeFailure = null;
            try {
                OutputStream out = s.getOutputStream();
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // The server may answer (e.g. a too-large body) and close before reading all of it.
                writeFailure = e;
            }
            try {
                return read(new BufferedInputStream(s.getInputStream()), deadline, request);
            } catch (IOException e) {
                if (writeFailure != null) {
                    e.addSuppressed(writeFailure);
                }
                throw e;
            }
        }
    }

    private static Response read(InputStream in, long deadline, byte[] request) throws IOException {
        String statusLine = line(in, deadline);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("bad status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String l = line(in, deadline); !l.isEmpty(); l = line(in, deadline)) {
            int colon = l.indexOf(':');
            headers.merge(l.substring(0, colon).trim(), l.substring(colon + 1).trim(), (a, b) -> a + "," + b);
        }
        boolean head = request.length >= 5 && new String(request, 0, 5, StandardCharsets.US_ASCII).equals("HEAD ");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (head || status == 204 || status == 304) {
            return new Response(status, headers, body.toByteArray());
        }
        if ("chunked".equalsIgnoreCase(headers.get("Transfer-Encoding"))) {
            while (true) {
                String size = line(in, deadline);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    while (!line(in, deadline).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                body.writeBytes(in.readNBytes(n));
                line(in, deadline);
            }
        } else if (headers.containsKey("Content-Length")) {
            int n = Integer.parseInt(headers.get("Content-Length"));
            byte[] b = in.readNBytes(n);
            if (b.length != n) {
                throw new IOException("body cut short: " + b.length + " of " + n + " bytes");
            }
            body.writeBytes(b);
        } else {
            body.writeBytes(in.readAllBytes());
        }
        if (System.nanoTime() > deadline) {
            throw new IOException("the answer took longer than " + TIMEOUT);
        }
        return new Response(status, headers, body.toByteArray());
    }

    private static String line(InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the answer took longer than " + TIMEOUT);
            }
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed before the answer was complete");
            }
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    static String printable(byte[] bytes, int max) {
        StringBuilder sb = new StringBuilder();
        String s = new String(bytes, StandardCharsets.UTF_8);
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == '\ufffd') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= max) {
            sb.append("...(").append(bytes.length).append(" bytes)");
        }
        return sb.toString();
    }
}
