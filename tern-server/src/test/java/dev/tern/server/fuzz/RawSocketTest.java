package dev.tern.server.fuzz;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tern.server.testing.RawClient;
import dev.tern.server.testing.TernTestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Requests no client library will send, written byte for byte on a socket: no Host, HTTP/0.9, no path, control
 * characters and ambiguous paths on each protocol's routes, SigV4 fields that overflow. Each must get a 4xx in the
 * format of the protocol its path belongs to (REST-JSON under /snapshots and /outposts, JSON 1.1 for a KMS
 * target, EC2 XML otherwise), never a 5xx.
 */
class RawSocketTest {
    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ROUTES = List.of("/", "/snapshots/snap-0123456789abcdef0/blocks/1",
            "/snapshots", "/outposts/op-0123456789abcdef0");
    private static final List<String> BAD_TAILS = List.of("%00", "x%00y", "%01", "%1f", "%7f", "/%2e%2e/x", "/%2E%2E",
            "/%2e/x", "/./x", "/../x", "/%2F/x", "//x", "/;x", "/x;y=z", "/%5C", "%5c..%5c", "/%u0000", "/%", "/%zz",
            "/%c0%ae%c0%ae/x", "/%ff", "\\x");
    /** Bytes the request line may not hold: the parser stops inside the target, so no route is known. */
    private static final List<String> UNREADABLE_TAILS = List.of("\u0001", "\u007f", "\t", "\u0000");

    private enum Format { EC2, REST_JSON, JSON11 }

    /** A request and the formats its answer may take (more than one only where the route cannot be known). */
    private record Case(String name, byte[] bytes, Set<Format> formats) {
        Case(String name, byte[] bytes, Format format) {
            this(name, bytes, Set.of(format));
        }
    }

    private static int port() {
        return tern.endpoint().getPort();
    }

    private static Format formatOf(String target, boolean kmsTarget) {
        if (target.startsWith("/snapshots") || target.startsWith("/outposts")) {
            return Format.REST_JSON;
        }
        return kmsTarget ? Format.JSON11 : Format.EC2;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        String host = "Host: 127.0.0.1:" + port() + "\r\n";
        for (String route : ROUTES) {
            for (String tail : BAD_TAILS) {
                String target = route.equals("/") ? "/" + tail.replaceFirst("^/", "") : route + tail;
                out.add(new Case("GET " + target, bytes("GET " + target + " HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n"),
                        formatOf(route, false)));
                // On "/" a KMS request is told from an EC2 one by its X-Amz-Target header, which Jetty has not read
                // when it refuses a target it cannot decode: then EC2's format, the default of "/", is right too.
                out.add(new Case("POST KMS " + target, bytes("POST " + target + " HTTP/1.1\r\n" + host
                        + "X-Amz-Target: TrentService.ListKeys\r\nContent-Type: application/x-amz-json-1.1\r\n"
                        + "Content-Length: 2\r\nConnection: close\r\n\r\n{}"),
                        route.equals("/") ? Set.of(Format.JSON11, Format.EC2) : Set.of(formatOf(route, true))));
            }
            for (String tail : UNREADABLE_TAILS) {
                out.add(new Case("GET " + route + tail, bytes("GET " + route + tail + " HTTP/1.1\r\n" + host
                        + "Connection: close\r\n\r\n"), Format.EC2));
            }
            out.add(new Case("no Host " + route, bytes("GET " + route + " HTTP/1.1\r\nConnection: close\r\n\r\n"),
                    formatOf(route, false)));
            out.add(new Case("two Hosts " + route, bytes("GET " + route + " HTTP/1.1\r\n" + host + host
                    + "Connection: close\r\n\r\n"), formatOf(route, false)));
            out.add(new Case("HTTP/1.0 no Host " + route, bytes("GET " + route + " HTTP/1.0\r\n\r\n"), formatOf(route, false)));
            // Refused before its target is taken: EC2's format, the default, whatever the target.
            out.add(new Case("HTTP/0.9 " + route, bytes("GET " + route + "\r\n\r\n"), Format.EC2));
            out.add(new Case("HTTP/2.5 " + route, bytes("GET " + route + " HTTP/2.5\r\n" + host + "\r\n"), Format.EC2));
            out.add(new Case("control in header " + route, bytes("GET " + route + " HTTP/1.1\r\n" + host
                    + "X-Amz-Date: 2026\u0001\r\nConnection: close\r\n\r\n"), formatOf(route, false)));
            out.add(new Case("absolute URI " + route, bytes("GET http://127.0.0.1:" + port() + route + "%00 HTTP/1.1\r\n" + host
                    + "Connection: close\r\n\r\n"), formatOf(route, false)));
        }
        out.add(new Case("no path", bytes("GET HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n"), Format.EC2));
        out.add(new Case("no method", bytes(" / HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n"), Format.EC2));
        out.add(new Case("NUL method", bytes("G\u0000T / HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n"), Format.EC2));
        out.add(new Case("path without slash", bytes("GET snapshots HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n"),
                Format.EC2));
        out.add(new Case("asterisk", bytes("OPTIONS * HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n"), Format.EC2));
        return out;
    }

    /** Presigned and header-signed requests whose SigV4 numbers and dates are out of every bound. */
    private static List<Case> overflowingSignatures() throws Exception {
        List<Case> out = new ArrayList<>();
        String query = "Action=DescribeRegions&Version=2016-11-15";
        for (String route : ROUTES) {
            String service = route.startsWith("/snapshots") ? "ebs" : route.startsWith("/outposts") ? "outposts" : "ec2";
            RawClient raw = new RawClient(tern.endpoint(), ALICE, "us-east-1", service);
            SdkHttpRequest presigned = raw.sign("GET", route, query, Map.of(), "", Duration.ofMinutes(5), false);
            for (String[] swap : List.of(new String[] {"X-Amz-Expires", "9223372036854775807"},
                    new String[] {"X-Amz-Expires", "-9223372036854775808"}, new String[] {"X-Amz-Expires", "1e400"},
                    new String[] {"X-Amz-Date", "999999999990101T000000Z"},
                    new String[] {"X-Amz-Date", "99991231T235959Z"},
                    new String[] {"X-Amz-Credential", "x".repeat(20_000)},
                    new String[] {"X-Amz-SignedHeaders", "host" + ";x".repeat(5_000)})) {
                String uri = presigned.getUri().getRawPath() + "?" + presigned.getUri().getRawQuery()
                        .replaceAll(swap[0] + "=[^&]*", swap[0] + "=" + swap[1]);
                out.add(new Case("presigned " + route + " " + swap[0] + "=" + swap[1].substring(0, Math.min(20, swap[1].length())),
                        bytes("GET " + uri + " HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nConnection: close\r\n\r\n"),
                        formatOf(route, false)));
            }
            String credential = TernTestServer.accessKey(ALICE) + "/20260101/us-east-1/" + service + "/aws4_request";
            for (String date : List.of("999999999990101T000000Z", "-99990101T000000Z", "20260101T000000Z".repeat(100))) {
                out.add(new Case("header-signed " + route + " date " + date.substring(0, 12), bytes("GET " + route
                        + " HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nX-Amz-Date: " + date
                        + "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=" + credential
                        + ", SignedHeaders=host;x-amz-date, Signature=00\r\nConnection: close\r\n\r\n"), formatOf(route, false)));
            }
        }
        return out;
    }

    @Test
    void rawRequestsGetA4xxInTheFormatOfTheirProtocol() throws Exception {
        List<Case> all = new ArrayList<>(cases());
        all.addAll(overflowingSignatures());
        List<String> problems = new ArrayList<>();
        for (Case c : all) {
            Wire.Response r;
            try {
                r = Wire.exchange(port(), c.bytes());
            } catch (java.io.IOException e) {
                problems.add(c.name() + ": " + e.getMessage());
                continue;
            }
            String problem = null;
            for (Format f : c.formats()) {
                problem = problem(f, r);
                if (problem == null) {
                    break;
                }
            }
            if (problem != null) {
                problems.add(Wire.printable(bytes(c.name()), 120) + ": " + r.status() + " " + problem + " "
                        + Wire.printable(r.body(), 300));
            }
        }
        assertThat(problems).as("%d raw requests answered wrongly of %d", problems.size(), all.size()).isEmpty();
    }

    private static String problem(Format format, Wire.Response r) {
        if (r.status() < 400 || r.status() > 499) {
            return "status is not 4xx";
        }
        String type = r.headers().getOrDefault("Content-Type", "");
        try {
            switch (format) {
                case EC2 -> {
                    if (!type.startsWith("text/xml")) {
                        return "content type " + type + " is not EC2's";
                    }
                    return FuzzTest.ec2ErrorProblem(FuzzTest.parse(r.body()).getDocumentElement());
                }
                case REST_JSON, JSON11 -> {
                    String expected = format == Format.REST_JSON ? "application/json" : "application/x-amz-json-1.1";
                    if (!type.startsWith(expected)) {
                        return "content type " + type + " is not " + expected;
                    }
                    JsonNode body = JSON.readTree(r.body());
                    if (!body.hasNonNull("__type") || !(body.hasNonNull("message") || body.hasNonNull("Message"))) {
                        return "no __type and message";
                    }
                    if (format == Format.REST_JSON && r.headers().get("x-amzn-ErrorType") == null) {
                        return "no x-amzn-ErrorType";
                    }
                    return r.headers().get("x-amzn-RequestId") == null ? "no x-amzn-RequestId" : null;
                }
                default -> throw new IllegalStateException();
            }
        } catch (Exception e) {
            return "unreadable body: " + e.getMessage();
        }
    }
}
