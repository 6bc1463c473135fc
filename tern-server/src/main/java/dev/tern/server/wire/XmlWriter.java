package dev.tern.server.wire;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;

/**
 * Renders any SDK response object as XML for the two Query protocols (EC2's, and IAM/STS's), driven by the
 * model: elements are the members' XML names ({@code unmarshallLocationName}), lists wrap {@code <item>} (EC2) or
 * {@code <member>} children. Unset members are left out; an empty list is an empty element, which clients read as [].
 */
public final class XmlWriter {
    public static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private XmlWriter() {}

    public static String render(String action, String requestId, SdkPojo response) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(action).append("Response xmlns=\"")
                .append(NAMESPACE).append("\">\n    <requestId>").append(requestId).append("</requestId>\n");
        writeFields(sb, response, 1, "item");
        sb.append('<').append('/').append(action).append("Response>");
        return sb.toString();
    }

    /**
     * A Query protocol (IAM, STS) response: the members inside {@code <ActionResult>}, lists of {@code <member>},
     * the request id in {@code <ResponseMetadata>}.
     */
    public static String renderQuery(String action, String namespace, String requestId, SdkPojo response) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(action).append("Response xmlns=\"")
                .append(namespace).append("\">\n");
        StringBuilder fields = new StringBuilder();
        writeFields(fields, response, 2, "member");
        if (!fields.isEmpty()) {
            sb.append("  <").append(action).append("Result>\n").append(fields).append("  </").append(action)
                    .append("Result>\n");
        }
        sb.append("  <ResponseMetadata>\n    <RequestId>").append(requestId)
                .append("</RequestId>\n  </ResponseMetadata>\n</").append(action).append("Response>");
        return sb.toString();
    }

    /** The Query protocol's error document (IAM, STS). */
    public static String queryError(String namespace, boolean sender, String code, String message, String requestId) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"").append(namespace)
                .append("\">\n  <Error>\n    <Type>").append(sender ? "Sender" : "Receiver").append("</Type>\n    <Code>");
        escape(sb, code);
        sb.append("</Code>\n    <Message>");
        escape(sb, message);
        sb.append("</Message>\n  </Error>\n  <RequestId>").append(requestId).append("</RequestId>\n</ErrorResponse>");
        return sb.toString();
    }

    private static void writeFields(StringBuilder sb, SdkPojo pojo, int depth, String defaultItem) {
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value == null || value instanceof SdkAutoConstructList<?>) {
                continue;
            }
            writeValue(sb, field.unmarshallLocationName(), field, value, depth, defaultItem);
        }
    }

    private static void writeValue(StringBuilder sb, String name, SdkField<?> field, Object value, int depth,
            String defaultItem) {
        indent(sb, depth);
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.LIST) {
            List<?> list = (List<?>) value;
            if (list.isEmpty()) {
                sb.append('<').append(name).append("/>\n");
                return;
            }
            ListTrait trait = field.getRequiredTrait(ListTrait.class);
            SdkField<?> member = trait.memberFieldInfo();
            String itemName = trait.memberLocationName() == null ? defaultItem : trait.memberLocationName();
            sb.append('<').append(name).append(">\n");
            for (Object item : list) {
                if (item != null) {
                    writeValue(sb, itemName, member, item, depth + 1, defaultItem);
                }
            }
            indent(sb, depth);
            sb.append("</").append(name).append(">\n");
        } else if (type == MarshallingType.SDK_POJO) {
            sb.append('<').append(name).append(">\n");
            writeFields(sb, (SdkPojo) value, depth + 1, defaultItem);
            indent(sb, depth);
            sb.append("</").append(name).append(">\n");
        } else {
            sb.append('<').append(name).append('>');
            escape(sb, scalarText(value));
            sb.append("</").append(name).append(">\n");
        }
    }

    static String scalarText(Object value) {
        if (value instanceof Instant instant) {
            return ISO_MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS));
        }
        if (value instanceof SdkBytes bytes) {
            return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
        }
        return String.valueOf(value);
    }

    private static void indent(StringBuilder sb, int depth) {
        for (int i = 0; i < depth; i++) {
            sb.append("    ");
        }
    }

    /** XML-escapes text content; characters XML 1.0 cannot carry are replaced, so output is always well formed. */
    public static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
                        sb.append('\uFFFD');
                    } else if (Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        sb.append('\uFFFD');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** The EC2 error document; note {@code RequestID}, capital ID, unlike success bodies. */
    public static String error(String code, String message, String requestId) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>");
        escape(sb, code);
        sb.append("</Code><Message>");
        escape(sb, message);
        sb.append("</Message></Error></Errors><RequestID>").append(requestId).append("</RequestID></Response>");
        return sb.toString();
    }
}
