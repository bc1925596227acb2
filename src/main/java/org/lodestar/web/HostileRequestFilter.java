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
import java.time.Duration;
import java.util.Comparator;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lodestar.config.Frontend;
import org.lodestar.container.Lodestar;
import org.lodestar.container.ProxyRuntime;
import org.lodestar.routing.RequestScreen;
import org.lodestar.stats.TrafficCounters;

/**
 * First in line for every request the container accepted: refuses with 400 (and closes the connection)
 * what {@link RequestScreen} says no proxy should pass on, so that neither the router, the backends nor
 * Lodestar's own pages ever see it. The container has already refused what it cannot parse (oversized
 * request line or headers, missing Host, malformed URI).
 *
 * <p>All frontends share the container's listener, so a refusal is counted (HAProxy's {@code ereq}
 * and {@code hrsp_4xx}) on the first frontend, the one HAProxy's sample setup has.
 */
@WebFilter(filterName = "lodestar-hostile-requests", urlPatterns = "/*", dispatcherTypes = DispatcherType.REQUEST,
        asyncSupported = true)
public class HostileRequestFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger("lodestar.security");

    @Inject
    private transient Lodestar lodestar;
    /** Installed on the listener of the first request: no application code runs before one arrives. */
    private transient volatile boolean headTimeoutTried;
    private transient Optional<AutoCloseable> headTimeout = Optional.empty();

    /** Says once, at start, which connector protections this server allows ({@link ConnectorProtections}). */
    @Override
    public void init() throws ServletException {
        super.init();
        ConnectorProtections protections = Connectors.protections(getServletContext().getServerInfo());
        Level level = protections.degraded() ? Level.WARNING : Level.INFO;
        LOG.log(level, String.join("; ", protections.lines()));
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        ClientConnection connection = ClientConnection.of(response);
        if (!headTimeoutTried) {
            watchRequestHeads(connection);
        }
        if (connection.isClosed()) {
            return; // pipelined behind a request whose connection was cut: nobody will read the answer
        }
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = uri.startsWith(context) ? uri.substring(context.length()) : uri;
        // The container may have turned an absolute-form target into a path; the original still shows it.
        String target = Objects.requireNonNullElse(connection.originalTarget(), uri);
        Optional<String> refusal = RequestScreen.refusal(request.getMethod(), target, path, headers(request, "Host"),
                headers(request, "Content-Length"), headers(request, "Transfer-Encoding"));
        if (refusal.isEmpty()) {
            if (request.getHeader("Transfer-Encoding") == null) {
                chain.doFilter(request, response);
                return;
            }
            // A chunked body, perhaps with a Content-Length that Transfer-Encoding overrides (RFC 9112 6.3): the
            // container reads it as chunked and the proxy forwards it chunked, without the length. Like HAProxy,
            // close after the response, so that bytes a client framing it by its length put after the chunked
            // body are never read as a request of their own.
            response.setHeader("Connection", "close");
            chain.doFilter(request, response);
            closeAfter(response);
            return;
        }
        LOG.log(Level.FINE, "refused {0} from {1}: {2}", new Object[] {uri, request.getRemoteAddr(), refusal.get()});
        count(HttpServletResponse.SC_BAD_REQUEST);
        // The rest of this connection's bytes cannot be trusted to start a request.
        response.setHeader("Connection", "close");
        SecurityHeadersFilter.apply(response);
        try {
            Pages.send(response, HttpServletResponse.SC_BAD_REQUEST, "Bad request",
                    "Your browser (or proxy) sent an invalid request: " + refusal.get() + ".");
        } catch (IOException clientGone) {
            return;
        }
        closeAfter(response);
    }

    private synchronized void watchRequestHeads(ClientConnection connection) {
        if (!headTimeoutTried) {
            Optional<ConnectorBinding> binding = Connectors.binding();
            if (binding.isPresent()) {
                headTimeout = binding.get().enforceHeadTimeout(connection, this::httpRequestTimeout,
                        () -> count(HttpServletResponse.SC_REQUEST_TIMEOUT));
                Connectors.headTimeout(headTimeout.isPresent() ? ConnectorProtections.HeadTimeout.ENFORCED
                        : ConnectorProtections.HeadTimeout.UNAVAILABLE);
                if (headTimeout.isEmpty()) {
                    LOG.warning("timeout http-request is not enforced: the " + binding.get().name()
                            + " listener under the first request could not be watched");
                }
            }
            headTimeoutTried = true;
        }
    }

    /**
     * The shortest {@code timeout http-request} of all frontends: they share the listener, and a head is not
     * routed to a frontend before it is complete.
     */
    private Optional<Duration> httpRequestTimeout() {
        return lodestar.runtime().config().frontends().stream()
                .flatMap(frontend -> frontend.timeouts().httpRequest().stream())
                .min(Comparator.naturalOrder());
    }

    @Override
    public synchronized void destroy() {
        headTimeout.ifPresent(HostileRequestFilter::closeQuietly);
        headTimeout = Optional.empty();
        super.destroy();
    }

    private static void closeQuietly(AutoCloseable watch) {
        try {
            watch.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "could not stop the request head watch", e);
        }
    }

    /**
     * The container would still read requests the client pipelined behind this one, despite
     * {@code Connection: close}: end the response (closing its stream writes a chunked body's last chunk),
     * then cut the connection.
     */
    private static void closeAfter(HttpServletResponse response) {
        try {
            response.getOutputStream().close();
        } catch (IllegalStateException writerInUse) {
            try {
                response.getWriter().close();
            } catch (IOException clientGone) {
                // nothing left to protect
            }
        } catch (IOException clientGone) {
            // nothing left to protect
        }
        ClientConnection.cut(response);
    }

    private void count(int status) {
        ProxyRuntime runtime = lodestar.runtime();
        List<Frontend> frontends = runtime.config().frontends();
        if (!frontends.isEmpty()) {
            TrafficCounters counters = runtime.stats().frontend(frontends.get(0).name());
            counters.session(System.currentTimeMillis());
            counters.requestError();
            counters.response(status);
        }
    }

    private static List<String> headers(HttpServletRequest request, String name) {
        return Collections.list(request.getHeaders(name));
    }
}
