package org.lodestar.upstream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A request as it goes to a server: method, origin-form target, header fields without any framing field
 * (the client frames the body itself: {@code Content-Length} when its length is known, else chunked), and
 * the timeouts of the backend.
 *
 * @param contentLength the body's length: 0 for none, -1 for a body of unknown length (sent chunked)
 * @param connectTimeout {@code timeout connect}
 * @param serverTimeout {@code timeout server}: the whole response head must arrive within it once the
 *                      request is sent, and no silence longer than it while the body is read or written
 * @param owner who the exchange is for, reported with bytes the server sends unasked afterwards
 */
public record UpstreamRequest(String method, String target, List<Field> fields, long contentLength,
                              Duration connectTimeout, Duration serverTimeout, Object owner) {
    public UpstreamRequest {
        fields = List.copyOf(fields);
    }

    boolean head() {
        return method.equals("HEAD");
    }

    boolean hasBody() {
        return contentLength != 0;
    }

    /** The request line and fields as bytes, framing field included. */
    ByteBuffer encodeHead() {
        StringBuilder text = new StringBuilder(256);
        text.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        for (Field field : fields) {
            text.append(field.name()).append(": ").append(field.value()).append("\r\n");
        }
        if (contentLength > 0) {
            text.append("Content-Length: ").append(contentLength).append("\r\n");
        } else if (contentLength < 0) {
            text.append("Transfer-Encoding: chunked\r\n");
        }
        text.append("\r\n");
        return ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
}
