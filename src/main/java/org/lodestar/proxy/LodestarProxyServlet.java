package org.lodestar.proxy;

import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.lodestar.balance.ServerPool;
import org.lodestar.config.Frontend;
import org.lodestar.config.LogOptions;
import org.lodestar.container.Lodestar;
import org.lodestar.container.ProxyRuntime;
import org.lodestar.routing.Route;
import org.lodestar.stats.StatsAccess;
import org.lodestar.stats.TrafficCounters;
import org.lodestar.upstream.Limits;
import org.lodestar.upstream.UpstreamClient;
import org.lodestar.web.Denials;
import org.lodestar.web.StatsServlet;

/**
 * Forwards every request outside {@code /lodestar/} as the configuration routes it: the router picks the
 * backend, a {@link Forwarding} takes it from admission to the server's response, with HAProxy's retries,
 * redispatch and error pages, on Lodestar's non-blocking client ({@link UpstreamClient}). Requests that are
 * not forwarded (Lodestar's reserved path, a bad request, no backend) are answered here. Failures become
 * HAProxy-style pages, never stack traces.
 */
@WebServlet(name = "lodestar-proxy", urlPatterns = "/*", loadOnStartup = 1, asyncSupported = true)
public class LodestarProxyServlet extends HttpServlet implements ForwardingServices {
    private static final long serialVersionUID = 1L;
    private static final Logger ACCESS_LOG = Logger.getLogger("lodestar.access");
    /** Lodestar's own pages live here; the proxy never forwards it. */
    public static final String RESERVED_PREFIX = "/lodestar";
    /** How long an idle connection to a server is kept for the next request (HttpClient's eviction before). */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(30);
    /** I/O threads of the client: one per core, at most two (the loops are rarely busy). */
    static final int IO_LOOPS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

    /** Each request reads the runtime once and finishes on it, even if a reload replaces it meanwhile. */
    @Inject
    private transient Lodestar lodestar;
    /** Where the runtime comes from when the servlet runs outside CDI (the in-process tests). */
    private final transient Supplier<ProxyRuntime> runtimeSource;

    public LodestarProxyServlet() {
        this.runtimeSource = null;
    }

    /** A proxy for {@code runtime}, without CDI: how the in-process tests run the real forwarding path. */
    LodestarProxyServlet(Supplier<ProxyRuntime> runtime) {
        this.runtimeSource = runtime;
    }

    private ProxyRuntime runtime() {
        return runtimeSource != null ? runtimeSource.get() : lodestar.runtime();
    }
    private transient AccessLog accessLog;
    /** Ends waits: {@code timeout queue} of parked requests, retries' pauses. */
    private transient ScheduledThreadPoolExecutor timer;
    private transient UpstreamClient client;

    @Override
    public void init() throws ServletException {
        runtime(); // a configuration with errors fails the deployment now, not at the first request
        accessLog = new AccessLog(ACCESS_LOG);
        timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "lodestar-proxy-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true); // most waits end with a slot, long before their deadline
        client = new UpstreamClient(Limits.DEFAULT, IO_LOOPS, KEEP_ALIVE, new UnsolicitedBytes(System::nanoTime));
    }

    @Override
    public void destroy() {
        if (client != null) {
            client.close();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        if (accessLog != null) {
            accessLog.close();
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        Object forwarding = request.getAttribute(Forwarding.ATTRIBUTE);
        if (request.getDispatcherType() == DispatcherType.ASYNC && forwarding instanceof Forwarding waiting) {
            waiting.proceed(request, response); // back from a wait
            return;
        }
        // Also a request this servlet already handled: a container may re-dispatch a failed request to the
        // error page without marking it ERROR, and it must never be forwarded to a server twice.
        if (request.getDispatcherType() == DispatcherType.ERROR || forwarding != null) {
            containerError(request, response);
            return;
        }
        ProxyRuntime runtime = runtime();
        if (forwardedToStats(request, response, runtime.statsAccess())) {
            return;
        }
        Exchange exchange = new Exchange(request, runtime);
        String path = ServletRequestView.rawPath(request);
        if (path.equals(RESERVED_PREFIX) || path.startsWith(RESERVED_PREFIX + "/")) {
            ErrorPage.NOT_FOUND.send(response, path + " is reserved for Lodestar's own pages");
            return;
        }
        Route route = runtime.router().route(new ServletRequestView(request, path));
        if (route instanceof Route.ToBackend toBackend) {
            forward(request, response, exchange, toBackend);
        } else if (route instanceof Route.BadRewrite bad) {
            exchange.frontend = bad.frontend().name();
            exchange.backend = bad.backend().name();
            runtime.stats().backend(bad.backend().name()).requestError();
            runtime.stats().frontend(bad.frontend().name()).response(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            runtime.stats().backend(bad.backend().name()).response(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            ErrorPage.INTERNAL_ERROR.send(response, "backend " + bad.backend().name()
                    + ": the request rewrite produced an invalid request (" + bad.reason() + ")");
            log(exchange, Optional.of(bad.frontend().log()), response.getStatus());
        } else if (route instanceof Route.NoBackend none) {
            none.lastFrontendTried().ifPresent(f -> {
                exchange.frontend = f.name();
                runtime.stats().frontend(f.name()).response(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            });
            exchange.termination = Termination.SERVER_CONNECTION_FAILED;
            ErrorPage.SERVICE_UNAVAILABLE.send(response, "no backend is configured for this request");
            log(exchange, none.lastFrontendTried().map(Frontend::log), response.getStatus());
        }
    }

    private void forward(HttpServletRequest request, HttpServletResponse response, Exchange exchange,
                         Route.ToBackend route) throws IOException {
        ProxyRuntime runtime = exchange.runtime;
        exchange.frontend = route.frontend().name();
        exchange.backend = route.backend().name();
        exchange.route = route;
        long now = System.currentTimeMillis();
        exchange.frontendCounters = runtime.stats().frontend(route.frontend().name());
        exchange.frontendCounters.session(now);
        exchange.backendCounters = runtime.stats().backend(route.backend().name());
        exchange.backendCounters.session(now);
        long contentLength = contentLength(request);
        if (contentLength < -1) {
            exchange.termination = Termination.CLIENT_BAD_REQUEST;
            ErrorPage.BAD_REQUEST.send(response, "invalid Content-Length header");
            ended(exchange, response.getStatus());
            return;
        }
        Forwarding forwarding = new Forwarding(this, exchange, route, contentLength);
        request.setAttribute(Forwarding.ATTRIBUTE, forwarding);
        forwarding.proceed(request, response);
    }

    /**
     * The request body's length: 0 for none, -1 for a body of unknown length (chunked: a
     * {@code Content-Length} beside {@code Transfer-Encoding} is ignored, RFC 9112 6.3, as HAProxy does),
     * -2 for an invalid {@code Content-Length}.
     */
    private static long contentLength(HttpServletRequest request) {
        if (request.getHeader("Transfer-Encoding") != null) {
            return -1;
        }
        String value = request.getHeader("Content-Length");
        if (value == null) {
            return 0;
        }
        try {
            long length = Long.parseLong(value.trim());
            return length >= 0 ? length : -2;
        } catch (NumberFormatException e) {
            return -2;
        }
    }

    // --- ForwardingServices ------------------------------------------------------------------------------

    @Override
    public UpstreamClient client() {
        return client;
    }

    @Override
    public ScheduledExecutorService timer() {
        return timer;
    }

    @Override
    public Object owner(Exchange exchange) {
        return new UnsolicitedBytes.Blame(exchange.backend, exchange.server, exchange.serverCounters,
                exchange.backendCounters);
    }

    @Override
    public void ended(Exchange exchange, int status) {
        countTraffic(exchange.frontendCounters, exchange, status);
        countTraffic(exchange.backendCounters, exchange, status);
        if (exchange.serverCounters != null) {
            exchange.serverCounters.bytesIn(exchange.bytesIn);
            exchange.serverCounters.bytesOut(exchange.bytesOut);
        }
        log(exchange, Optional.ofNullable(exchange.route).map(r -> r.frontend().log()), status);
    }

    private static void countTraffic(TrafficCounters counters, Exchange exchange, int status) {
        if (counters != null) {
            counters.bytesIn(exchange.bytesIn);
            counters.bytesOut(exchange.bytesOut);
            counters.response(status);
        }
    }

    private void log(Exchange exchange, Optional<LogOptions> log, int status) {
        if (log.isPresent() && log.get().httplog() && accessLog.enabled()) {
            accessLog.log(log.get().clf() ? AccessLogFormat.CLF : AccessLogFormat.HTTPLOG, logEntry(exchange, status));
        }
    }

    private static AccessLogEntry logEntry(Exchange exchange, int status) {
        ProxyRuntime runtime = exchange.runtime;
        if (exchange.route == null) {
            return exchange.toLogEntry(status, AccessLogEntry.Connections.NONE, 0);
        }
        ServerPool pool = runtime.pool(exchange.route.backend());
        AccessLogEntry.Connections connections = new AccessLogEntry.Connections(runtime.activeRequests(),
                runtime.limit(exchange.route.frontend()).current(), pool.inflight(),
                exchange.target == null ? 0 : pool.inflight(exchange.target.name()));
        return exchange.toLogEntry(status, connections, pool.queueLength());
    }

    // --- not forwarded -----------------------------------------------------------------------------------

    /** HAProxy's {@code stats uri} is answered by Lodestar's statistics servlet, never proxied. */
    private static boolean forwardedToStats(HttpServletRequest request, HttpServletResponse response,
                                            StatsAccess statsAccess) throws IOException, ServletException {
        if (statsAccess.uri().isEmpty()) {
            return false;
        }
        String query = request.getQueryString();
        String target = ServletRequestView.rawPath(request) + (query == null ? "" : "?" + query);
        Optional<StatsAccess.Export> export = statsAccess.exportAt(target);
        if (export.isEmpty()) {
            return false;
        }
        request.getRequestDispatcher(StatsServlet.pathOf(export.get())).forward(request, response);
        return true;
    }

    /**
     * The container's own errors (a request it rejected, an exception it caught) arrive here through the
     * error page of web.xml, so the client gets a short page instead of the container's, which may carry a
     * stack trace.
     */
    private static void containerError(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        if (Denials.handles(status)) {
            Denials.send(response, status); // keeps the login mechanism's WWW-Authenticate
            return;
        }
        ErrorPage page = Arrays.stream(ErrorPage.values()).filter(p -> p.status() == status).findFirst()
                .orElse(status < 500 ? ErrorPage.BAD_REQUEST : ErrorPage.INTERNAL_ERROR);
        page.send(response, "the request could not be processed");
    }
}
