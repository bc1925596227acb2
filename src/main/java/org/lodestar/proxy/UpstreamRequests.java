package org.lodestar.proxy;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.lodestar.config.Backend;
import org.lodestar.routing.Route;
import org.lodestar.upstream.Field;
import org.lodestar.upstream.UpstreamRequest;

/**
 * The request a server gets for a client's request: the method, the target the route rewrote, the client's
 * header fields as sent (Host included, as HAProxy passes it) except the hop-by-hop ones, the framing and
 * {@code Expect} (which the container has answered already), plus Lodestar's {@code X-Forwarded-*}; the
 * body framed by its length when the client declared one, else chunked.
 */
final class UpstreamRequests {
    private UpstreamRequests() {
    }

    static UpstreamRequest of(HttpServletRequest request, Route.ToBackend route, long contentLength, Object owner) {
        Set<String> connectionTokens = HopByHop.connectionTokens(request.getHeaders("Connection"));
        List<Field> fields = new ArrayList<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (HopByHop.is(lower, connectionTokens) || lower.equals("content-length")
                    || ForwardedHeaders.isReplaced(name)) {
                continue;
            }
            for (String value : Collections.list(request.getHeaders(name))) {
                fields.add(new Field(name, value));
            }
        }
        ForwardedHeaders.add(request, fields, route);
        String query = route.query();
        String target = UriText.encodeIllegal(query == null ? route.path() : route.path() + "?" + query);
        Backend backend = route.backend();
        return new UpstreamRequest(request.getMethod(), target, fields, contentLength,
                backend.timeouts().effectiveConnect(), backend.timeouts().effectiveServer(), owner);
    }
}
