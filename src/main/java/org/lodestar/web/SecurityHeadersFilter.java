package org.lodestar.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Headers for Lodestar's own responses (never for proxied ones, whose headers are the backend's): no
 * content sniffing, no caching of statistics, no framing, nothing but the page's own stylesheet and
 * script (no inline code). Requests for the stats URI reach these paths
 * by forward, hence the dispatcher types.
 */
@WebFilter(filterName = "lodestar-security-headers", urlPatterns = "/lodestar/*",
        dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ERROR})
public class SecurityHeadersFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        apply(response);
        chain.doFilter(request, response);
    }

    static void apply(HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'self'; script-src 'self'; "
                + "img-src 'self'; form-action 'self'; frame-ancestors 'none'");
    }
}
