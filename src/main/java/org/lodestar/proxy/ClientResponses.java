package org.lodestar.proxy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Set;
import org.lodestar.config.Server;
import org.lodestar.routing.Route;
import org.lodestar.upstream.Field;
import org.lodestar.upstream.ResponseHead;

/**
 * The response head a client gets for a server's: the status and the server's header fields except the
 * hop-by-hop ones and the framing (the container frames what it sends: by length when the server gave one),
 * with {@code Location} and {@code Content-Location} put back under the client's origin and the prefix the
 * rewrite removed, and {@code Set-Cookie} paths likewise.
 */
final class ClientResponses {
    private ClientResponses() {
    }

    static void writeHead(ResponseHead head, HttpServletRequest request, HttpServletResponse response,
                          Route.ToBackend route, Server server) {
        response.setStatus(head.status());
        Set<String> connectionTokens = HopByHop.connectionTokens(head.fields());
        String mountPath = ForwardedHeaders.mountPath(request, route);
        LocationRewriter locations = null;
        long length = -1;
        boolean chunked = false;
        for (Field field : head.fields()) {
            String lower = field.name().toLowerCase(Locale.ROOT);
            if (lower.equals("content-length")) {
                length = parseLength(field.value());
                continue;
            }
            if (lower.equals("transfer-encoding")) {
                chunked = true;
            }
            if (HopByHop.is(lower, connectionTokens)) {
                continue;
            }
            String value = field.value();
            if (lower.equals("location") || lower.equals("content-location")) {
                if (locations == null) {
                    locations = new LocationRewriter(origin(server), ForwardedHeaders.clientOrigin(request), mountPath);
                }
                value = locations.rewrite(value);
            } else if (lower.equals("set-cookie") || lower.equals("set-cookie2")) {
                value = SetCookieRewriter.rewrite(value, mountPath);
            }
            response.addHeader(field.name(), value);
        }
        if (length >= 0 && !chunked && !request.getMethod().equals("HEAD")) {
            response.setContentLengthLong(length);
        } else if (length >= 0 && request.getMethod().equals("HEAD")) {
            response.setHeader("Content-Length", Long.toString(length)); // what a GET would bring
        }
    }

    /** {@code http://host:port} of a server, as it would appear in an absolute URL it sends back. */
    static String origin(Server server) {
        return server.port() == 80 ? "http://" + server.host() : "http://" + server.address();
    }

    private static long parseLength(String value) {
        int comma = value.indexOf(',');
        try {
            return Long.parseLong((comma < 0 ? value : value.substring(0, comma)).trim());
        } catch (NumberFormatException e) {
            return -1; // the parser refused disagreeing or invalid lengths already
        }
    }
}
