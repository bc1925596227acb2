package org.lodestar.web;

import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.lodestar.container.Lodestar;

/**
 * HAProxy's {@code monitor-uri}: a request for exactly that path is answered here, before routing, 200 while this
 * instance can route and 503 while it cannot ({@link Lodestar#canRoute()}: no running configuration, or stopping).
 * No login: a balancer or keepalived in front checks it. Every other request goes on untouched.
 *
 * <p>In a cluster, the first request also tells the member list where this instance is reached.
 */
@WebFilter(filterName = "lodestar-monitor-uri", urlPatterns = "/*", dispatcherTypes = DispatcherType.REQUEST,
        asyncSupported = true)
public class MonitorUriFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final byte[] OK = "OK\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNAVAILABLE = "Service Unavailable: this Lodestar cannot route now\n"
            .getBytes(StandardCharsets.US_ASCII);

    @Inject
    private transient Lodestar lodestar;
    private transient volatile boolean addressTold;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!addressTold) {
            tellAddress(request);
        }
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = uri.startsWith(context) ? uri.substring(context.length()) : uri;
        if (!lodestar.monitorUris().contains(path)) {
            chain.doFilter(request, response);
            return;
        }
        boolean up = lodestar.canRoute();
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("text/plain; charset=US-ASCII");
        response.setHeader("Cache-Control", "no-store");
        byte[] body = up ? OK : UNAVAILABLE;
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    private void tellAddress(HttpServletRequest request) {
        try {
            lodestar.cluster().ifPresent(link -> link.reachedAt(request.getLocalName() + ":" + request.getLocalPort()));
        } catch (IllegalStateException noConfiguration) {
            return;
        }
        addressTold = true;
    }
}
