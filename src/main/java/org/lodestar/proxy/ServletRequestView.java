package org.lodestar.proxy;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import org.lodestar.routing.RequestView;

/** The router's view of a servlet request: the raw path as the client sent it, never decoded. */
final class ServletRequestView implements RequestView {
    private final HttpServletRequest request;
    private final String path;

    ServletRequestView(HttpServletRequest request, String path) {
        this.request = request;
        this.path = path;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String query() {
        return request.getQueryString();
    }

    @Override
    public String version() {
        return request.getProtocol();
    }

    @Override
    public List<String> headers(String lowerCaseName) {
        return Collections.list(request.getHeaders(lowerCaseName));
    }

    @Override
    public boolean fromLoopback() {
        try {
            // A literal address: no name lookup happens.
            return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The request path without the context path, as received (percent-encoding kept). */
    static String rawPath(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = uri.startsWith(context) ? uri.substring(context.length()) : uri;
        return path.isEmpty() ? "/" : path;
    }
}
