package org.lodestar.proxy;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Set;
import java.util.List;
import org.lodestar.upstream.Field;
import org.lodestar.config.ForwardFor;
import org.lodestar.routing.Route;

/**
 * The {@code X-Forwarded-*} headers a server behind Lodestar gets. Client-supplied values of the ones
 * Lodestar sets are dropped, not trusted: a client must not choose the context a server links under.
 */
final class ForwardedHeaders {
    static final String PROTO = "X-Forwarded-Proto";
    static final String HOST = "X-Forwarded-Host";
    static final String CONTEXT = "X-Forwarded-Context";
    private static final Set<String> REPLACED = Set.of("x-forwarded-proto", "x-forwarded-host",
            "x-forwarded-context", "expect");

    private ForwardedHeaders() {
    }

    /**
     * Headers not copied from the client: the ones set here, and {@code Expect}, which the container has
     * already answered.
     */
    static boolean isReplaced(String headerName) {
        return REPLACED.contains(headerName.toLowerCase(Locale.ROOT));
    }

    /**
     * Appends the forwarding fields to {@code fields} (the client's own values of them were left out):
     * the client address to the configured {@code forwardfor} header (unless it is in {@code except}), the
     * scheme, the Host the client asked for, and where the server's root appears to the client.
     */
    static void add(HttpServletRequest request, List<Field> fields, Route.ToBackend route) {
        ForwardFor forwardFor = route.backend().forwardFor();
        String client = request.getRemoteAddr();
        if (forwardFor.except().map(network -> !Cidr.parse(network).contains(client)).orElse(true)) {
            String existing = request.getHeader(forwardFor.header());
            fields.removeIf(field -> field.is(forwardFor.header()));
            fields.add(new Field(forwardFor.header(), existing == null ? client : existing + ", " + client));
        }
        fields.add(new Field(PROTO, request.getScheme()));
        String host = request.getHeader("Host");
        if (host != null) {
            fields.add(new Field(HOST, host));
        }
        String mountPath = mountPath(request, route);
        if (!mountPath.isEmpty()) {
            fields.add(new Field(CONTEXT, mountPath));
        }
    }

    /** Context path plus the prefix the rewrite removed: where the server's root appears to the client. */
    static String mountPath(HttpServletRequest request, Route.ToBackend route) {
        return request.getContextPath() + route.removedPrefix();
    }

    /** {@code scheme://host[:port]} as the client addressed Lodestar. */
    static String clientOrigin(HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host == null || host.isBlank()) {
            host = request.getServerName() + ":" + request.getServerPort();
        }
        return request.getScheme() + "://" + host;
    }
}
