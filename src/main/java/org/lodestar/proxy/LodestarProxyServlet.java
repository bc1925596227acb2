package org.lodestar.proxy;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.NoHttpResponseException;
import org.apache.http.client.HttpClient;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.entity.InputStreamEntity;
import org.apache.http.message.BasicHttpEntityEnclosingRequest;
import org.lodestar.balance.Acquisition;
import org.lodestar.balance.ConcurrencyLimit;
import org.lodestar.balance.Lease;
import org.lodestar.balance.RetryPolicy;
import org.lodestar.balance.ServerPool;
import org.lodestar.config.Backend;
import org.lodestar.config.Frontend;
import org.lodestar.config.LogOptions;
import org.lodestar.config.Server;
import org.lodestar.container.Lodestar;
import org.lodestar.container.ProxyRuntime;
import org.lodestar.health.Observation;
import org.lodestar.routing.Route;
import org.lodestar.stats.StatsAccess;
import org.lodestar.stats.TrafficCounters;
import org.lodestar.web.ClientConnection;
import org.lodestar.web.Denials;
import org.lodestar.web.StatsServlet;
import org.mitre.dsmiley.httpproxy.ProxyServlet;

/**
 * Forwards every request outside {@code /lodestar/} as the configuration routes it: router, then the
 * backend's server pool, then the MITRE servlet's streaming exchange with the chosen server, with retries
 * and redispatch on connection failure. Failures become HAProxy-style pages, never stack traces.
 *
 * <p>The MITRE servlet is used through its hooks: the target is chosen per request
 * ({@link #ATTR_TARGET_HOST}), the URI comes from the route, headers get the forwarding treatment and the
 * response's {@code Location} / {@code Set-Cookie} are put back under the prefix the rewrite removed.
 */
@WebServlet(name = "lodestar-proxy", urlPatterns = "/*", loadOnStartup = 1, asyncSupported = true)
public class LodestarProxyServlet extends ProxyServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(LodestarProxyServlet.class.getName());
    private static final Logger ACCESS_LOG = Logger.getLogger("lodestar.access");
    /** Lodestar's own pages live here; the proxy never forwards it. */
    public static final String RESERVED_PREFIX = "/lodestar";
    /**
     * Copy buffer for response bodies of unknown or large size: 64 KiB moves a download in a quarter of
     * the reads and writes of 16 KiB (HttpClient reads that much straight from the socket). Smaller
     * bodies get a buffer of their own size, so a 6 KiB page does not allocate 64 KiB.
     */
    private static final int COPY_BUFFER_BYTES = 64 * 1024;

    /** Each request reads the runtime once and finishes on it, even if a reload replaces it meanwhile. */
    @Inject
    private transient Lodestar lodestar;
    private transient AccessLog accessLog;
    /** Ends the waits of parked requests (for a frontend or a server slot) when their {@code timeout queue} expires. */
    private transient ScheduledThreadPoolExecutor queueTimer;
    /**
     * Per backend name: its timeouts as HttpClient settings, built once (RequestConfig is immutable) and
     * built again when a reload brings another {@link Backend}.
     */
    private transient Map<String, BackendRequestConfig> requestConfigs;

    private record BackendRequestConfig(Backend backend, RequestConfig config) {
    }

    @Override
    public void init() throws ServletException {
        lodestar.runtime(); // a configuration with errors fails the deployment now, not at the first request
        accessLog = new AccessLog(ACCESS_LOG);
        queueTimer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "lodestar-queue-timeout");
            thread.setDaemon(true);
            return thread;
        });
        queueTimer.setRemoveOnCancelPolicy(true); // most waits end with a slot, long before their deadline
        requestConfigs = new ConcurrentHashMap<>();
        super.init();
        // HAProxy passes Host and cookies through untouched; Lodestar adds X-Forwarded-* itself.
        doPreserveHost = true;
        doPreserveCookies = true;
        doForwardIP = false;
        doHandleRedirects = false;
        doHandleCompression = false;
    }

    /** Targets are chosen per request; there is no fixed {@code targetUri}. */
    @Override
    protected void initTarget() {
    }

    @Override
    protected HttpClient createHttpClient() {
        return UpstreamClient.create(lodestar.runtime());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if (request.getDispatcherType() == DispatcherType.ASYNC
                && request.getAttribute(ParkedRequest.ATTRIBUTE) instanceof ParkedRequest<?> parked) {
            resumeParked(request, response, parked);
            return;
        }
        // Also a request this servlet already handled: a container may re-dispatch a failed request to the
        // error page without marking it ERROR, and it must never be forwarded to a server twice.
        if (request.getDispatcherType() == DispatcherType.ERROR || request.getAttribute(Exchange.ATTRIBUTE) != null) {
            containerError(request, response);
            return;
        }
        ProxyRuntime runtime = lodestar.runtime();
        Exchange exchange = new Exchange(request, runtime);
        request.setAttribute(Exchange.ATTRIBUTE, exchange);
        if (forwardedToStats(request, response, runtime.statsAccess())) {
            return;
        }
        Optional<LogOptions> log = Optional.empty();
        try {
            String path = ServletRequestView.rawPath(request);
            if (path.equals(RESERVED_PREFIX) || path.startsWith(RESERVED_PREFIX + "/")) {
                ErrorPage.NOT_FOUND.send(response, path + " is reserved for Lodestar's own pages");
                return;
            }
            if (!validContentLength(request)) {
                exchange.terminationState = "CR--";
                ErrorPage.BAD_REQUEST.send(response, "invalid Content-Length header");
                return;
            }
            Route route = runtime.router().route(new ServletRequestView(request, path));
            if (route instanceof Route.ToBackend toBackend) {
                log = Optional.of(toBackend.frontend().log());
                forward(request, response, exchange, toBackend);
            } else if (route instanceof Route.BadRewrite bad) {
                log = Optional.of(bad.frontend().log());
                exchange.frontend = bad.frontend().name();
                exchange.backend = bad.backend().name();
                runtime.stats().backend(bad.backend().name()).requestError();
                runtime.stats().frontend(bad.frontend().name()).response(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
                runtime.stats().backend(bad.backend().name()).response(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
                ErrorPage.INTERNAL_ERROR.send(response, "backend " + bad.backend().name()
                        + ": the request rewrite produced an invalid request (" + bad.reason() + ")");
            } else if (route instanceof Route.NoBackend none) {
                log = none.lastFrontendTried().map(Frontend::log);
                none.lastFrontendTried().ifPresent(f -> {
                    exchange.frontend = f.name();
                    runtime.stats().frontend(f.name()).response(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                });
                exchange.terminationState = "SC--";
                ErrorPage.SERVICE_UNAVAILABLE.send(response, "no backend is configured for this request");
            }
        } finally {
            if (!exchange.parked) { // a parked request is logged when it ends
                logAccess(request, response, exchange, log);
            }
        }
    }

    private void logAccess(HttpServletRequest request, HttpServletResponse response, Exchange exchange,
                           Optional<LogOptions> log) {
        if (log.isPresent() && log.get().httplog() && accessLog.enabled()) {
            accessLog.log(log.get().clf() ? AccessLogFormat.CLF : AccessLogFormat.HTTPLOG,
                    logEntry(request, response, exchange));
        }
    }

    @Override
    public void destroy() {
        super.destroy();
        if (queueTimer != null) {
            queueTimer.shutdownNow();
        }
        if (accessLog != null) {
            accessLog.close();
        }
    }

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
        ErrorPage page = java.util.Arrays.stream(ErrorPage.values()).filter(p -> p.status() == status).findFirst()
                .orElse(status < 500 ? ErrorPage.BAD_REQUEST : ErrorPage.INTERNAL_ERROR);
        page.send(response, "the request could not be processed");
    }

    private AccessLogEntry logEntry(HttpServletRequest request, HttpServletResponse response, Exchange exchange) {
        ProxyRuntime runtime = exchange.runtime;
        if (exchange.route == null) {
            return exchange.toLogEntry(request, response.getStatus(), AccessLogEntry.Connections.NONE, 0);
        }
        ServerPool pool = runtime.pool(exchange.route.backend());
        AccessLogEntry.Connections connections = new AccessLogEntry.Connections(runtime.activeRequests(),
                runtime.limit(exchange.route.frontend()).current(), pool.inflight(),
                exchange.target == null ? 0 : pool.inflight(exchange.target.name()));
        return exchange.toLogEntry(request, response.getStatus(), connections, pool.queueLength());
    }

    private void forward(HttpServletRequest request, HttpServletResponse response, Exchange exchange,
                         Route.ToBackend route) throws IOException {
        ProxyRuntime runtime = exchange.runtime;
        Frontend frontend = route.frontend();
        Backend backend = route.backend();
        exchange.frontend = frontend.name();
        exchange.backend = backend.name();
        exchange.route = route;
        long now = System.currentTimeMillis();
        exchange.frontendCounters = runtime.stats().frontend(frontend.name());
        exchange.frontendCounters.session(now);
        exchange.backendCounters = runtime.stats().backend(backend.name());
        exchange.backendCounters.session(now);

        ConcurrencyLimit limit = runtime.limit(frontend);
        Duration wait = frontend.timeouts().effectiveQueue();
        if (!request.isAsyncSupported()) {
            Optional<ConcurrencyLimit.Permit> permit;
            try {
                permit = limit.tryAcquire(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            withFrontendSlot(request, response, exchange, permit);
            return;
        }
        ParkedRequest<Optional<ConcurrencyLimit.Permit>> parked = new ParkedRequest<>(
                permit -> withFrontendSlot(request, response, exchange, permit),
                permit -> permit.ifPresent(ConcurrencyLimit.Permit::release));
        ConcurrencyLimit.Admission admission = limit.admit(wait, queueTimer,
                permit -> parked.decided(Optional.of(permit)), () -> parked.decided(Optional.empty()));
        if (admission instanceof ConcurrencyLimit.Admission.Admitted admitted) {
            withFrontendSlot(request, response, exchange, Optional.of(admitted.permit()));
        } else {
            park(request, exchange, parked);
        }
    }

    /** Frees the thread: the request goes on when the {@link ParkedRequest} it waits on is decided. */
    private static void park(HttpServletRequest request, Exchange exchange, ParkedRequest<?> parked) {
        request.setAttribute(ParkedRequest.ATTRIBUTE, parked);
        exchange.parked = true; // before the dispatch that may follow at once
        try {
            parked.park(request);
        } catch (IllegalStateException notParked) {
            exchange.parked = false;
            throw notParked;
        }
    }

    /** A parked request is back on a thread, and goes on where it stopped. */
    private void resumeParked(HttpServletRequest request, HttpServletResponse response, ParkedRequest<?> parked)
            throws IOException {
        request.removeAttribute(ParkedRequest.ATTRIBUTE);
        Exchange exchange = (Exchange) request.getAttribute(Exchange.ATTRIBUTE);
        exchange.parked = false;
        try {
            parked.resume();
        } finally {
            if (!exchange.parked) { // parked again: logged when it ends
                logAccess(request, response, exchange, Optional.of(exchange.route.frontend().log()));
            }
        }
    }

    /** With a slot of the frontend (empty: none freed within {@code timeout queue}), a server is next. */
    private void withFrontendSlot(HttpServletRequest request, HttpServletResponse response, Exchange exchange,
                                  Optional<ConcurrencyLimit.Permit> permit) throws IOException {
        Route.ToBackend route = exchange.route;
        Frontend frontend = route.frontend();
        if (permit.isEmpty()) {
            exchange.terminationState = "sQ--";
            exchange.frontendCounters.response(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            exchange.backendCounters.response(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            ErrorPage.SERVICE_UNAVAILABLE.send(response, "frontend " + frontend.name() + " is at its maxconn ("
                    + frontend.maxconn() + ") and no slot freed up in time");
            return;
        }
        exchange.frontendSlot = permit.get();
        boolean parkedForServer = false;
        try {
            Optional<Acquisition> first = Optional.empty();
            if (request.isAsyncSupported()) {
                Backend backend = route.backend();
                ParkedRequest<Acquisition> parked = new ParkedRequest<>(
                        acquisition -> withServerDecided(request, response, exchange, Optional.of(acquisition)),
                        acquisition -> {
                            if (acquisition instanceof Acquisition.Granted granted) {
                                granted.lease().release();
                            }
                            exchange.frontendSlot.release();
                        });
                first = exchange.runtime.pool(backend).acquireOrQueue(request.getRemoteAddr(),
                        backend.timeouts().effectiveQueue(), queueTimer, parked::decided);
                if (first.isEmpty()) {
                    park(request, exchange, parked);
                    parkedForServer = true;
                    return;
                }
            }
            forwardWithRetries(request, response, exchange, first);
        } finally {
            if (!parkedForServer) {
                finish(response, exchange);
            }
        }
    }

    private void withServerDecided(HttpServletRequest request, HttpServletResponse response, Exchange exchange,
                                   Optional<Acquisition> first) throws IOException {
        try {
            forwardWithRetries(request, response, exchange, first);
        } finally {
            finish(response, exchange);
        }
    }

    /** The end of a request that had a frontend slot: the slot goes back, the traffic is counted. */
    private static void finish(HttpServletResponse response, Exchange exchange) {
        exchange.frontendSlot.release();
        countTraffic(exchange.frontendCounters, exchange, response.getStatus());
        countTraffic(exchange.backendCounters, exchange, response.getStatus());
    }

    private static void countTraffic(TrafficCounters counters, Exchange exchange, int status) {
        counters.bytesIn(exchange.bytesIn);
        counters.bytesOut(exchange.bytesOut);
        counters.response(status);
    }

    /**
     * @param first the first attempt's server slot when the request already has it (it may have waited for
     *              it without a thread); empty to acquire it here, blocking. Retries always acquire here.
     */
    private void forwardWithRetries(HttpServletRequest request, HttpServletResponse response, Exchange exchange,
                                    Optional<Acquisition> first) throws IOException {
        ProxyRuntime runtime = exchange.runtime;
        Route.ToBackend route = exchange.route;
        Backend backend = route.backend();
        TrafficCounters backendCounters = exchange.backendCounters;
        ServerPool pool = runtime.pool(backend);
        RetryPolicy policy = RetryPolicy.of(backend);
        Set<String> failed = new HashSet<>();
        Set<String> excluded = new HashSet<>();
        for (int attempt = 0; ; attempt++) {
            Acquisition acquisition;
            if (attempt == 0 && first.isPresent()) {
                acquisition = first.get();
            } else {
                try {
                    acquisition = pool.acquire(request.getRemoteAddr(), excluded, backend.timeouts().effectiveQueue());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (acquisition instanceof Acquisition.Refused refused) {
                refuse(response, exchange, backend, refused.reason());
                return;
            }
            Lease lease = ((Acquisition.Granted) acquisition).lease();
            Server server = lease.server();
            exchange.queuedMillis += lease.queued().toMillis();
            try {
                attempt(request, response, exchange, server);
                return;
            } catch (ConnectFailure failure) {
                exchange.connectFailures.add(server.name() + " (" + server.address() + "): " + failure.getMessage());
                runtime.health().observe(backend.name(), server.name(), Observation.CONNECT_FAILURE);
                exchange.serverCounters.connectionError();
                backendCounters.connectionError();
                if (attempt >= backend.retries() || exchange.requestBodyStarted()) {
                    exchange.terminationState = "SC--";
                    ErrorPage.SERVICE_UNAVAILABLE.send(response, "backend " + backend.name()
                            + ": cannot connect after " + (attempt + 1) + " attempt(s): "
                            + String.join("; ", exchange.connectFailures));
                    return;
                }
            } finally {
                lease.release();
            }
            int retryNumber = attempt + 1;
            exchange.retries = retryNumber;
            backendCounters.retry();
            exchange.serverCounters.retry();
            failed.add(server.name());
            excluded.clear();
            if (policy.redispatchBefore(retryNumber)) {
                excluded.addAll(failed);
                backendCounters.redispatch();
            } else {
                // Retry the same server, after HAProxy's turn-around delay.
                backend.servers().forEach(s -> excluded.add(s.name()));
                excluded.remove(server.name());
                if (!pause(policy.turnAround(backend.timeouts().effectiveConnect()))) {
                    return;
                }
            }
        }
    }

    private void refuse(HttpServletResponse response, Exchange exchange, Backend backend,
                        Acquisition.Reason reason) throws IOException {
        ProxyRuntime runtime = exchange.runtime;
        if (reason == Acquisition.Reason.NO_SERVER) {
            exchange.terminationState = "SC--";
            NoServerPage.send(response, backend, runtime.servers().snapshots(backend.name()),
                    exchange.connectFailures);
            return;
        }
        exchange.terminationState = "sQ--";
        ErrorPage.SERVICE_UNAVAILABLE.send(response, reason == Acquisition.Reason.QUEUE_FULL
                ? "backend " + backend.name() + ": all servers are at maxconn and the queue is full"
                : "backend " + backend.name() + ": all servers are at maxconn and no slot freed up within "
                + "timeout queue (" + backend.timeouts().effectiveQueue().toMillis() + " ms)");
    }

    private static boolean pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One exchange with one server; a connection failure is thrown for the retry loop to handle. */
    private void attempt(HttpServletRequest request, HttpServletResponse response, Exchange exchange, Server server)
            throws IOException {
        ProxyRuntime runtime = exchange.runtime;
        exchange.server = server.name();
        exchange.target = server;
        exchange.serverCounters = runtime.stats().server(exchange.backend, server.name());
        exchange.serverCounters.session(System.currentTimeMillis());
        request.setAttribute(ATTR_TARGET_HOST, new HttpHost(server.host(), server.port()));
        request.setAttribute(ATTR_TARGET_URI, "http://" + server.address());
        long bytesOutBefore = exchange.bytesOut;
        try {
            super.service(request, response);
            exchange.serverCounters.response(response.getStatus());
            if (response.getStatus() >= 500) {
                runtime.health().observe(exchange.backend, server.name(), Observation.SERVER_ERROR);
            }
        } catch (ConnectFailure failure) {
            throw failure;
        } catch (ClientAbortedException e) {
            exchange.terminationState = exchange.responseMillis < 0 ? "CH--" : "CD--";
            // The client left or stalled past timeout client (the listener's read timeout) while sending
            // its body. Returning would send an empty 200; like HAProxy, close instead.
            ClientConnection.cut(response);
        } catch (SocketTimeoutException e) {
            exchange.serverCounters.responseError();
            exchange.backendCounters.responseError();
            if (response.isCommitted()) {
                abortMidResponse(response, exchange, server, "sD--", "stalled longer than timeout server ("
                        + exchange.route.backend().timeouts().effectiveServer().toMillis() + " ms)");
                return;
            }
            exchange.terminationState = "sH--";
            runtime.health().observe(exchange.backend, server.name(), Observation.INVALID_RESPONSE);
            ErrorPage.GATEWAY_TIMEOUT.send(response, "backend " + exchange.backend + ": server " + server.name()
                    + " did not answer within timeout server ("
                    + exchange.route.backend().timeouts().effectiveServer().toMillis() + " ms)");
        } catch (IOException | ServletException | RuntimeException e) {
            exchange.serverCounters.responseError();
            exchange.backendCounters.responseError();
            if (response.isCommitted()) {
                abortMidResponse(response, exchange, server, "SD--", describe(e));
                return;
            }
            exchange.terminationState = "SH--";
            runtime.health().observe(exchange.backend, server.name(), Observation.INVALID_RESPONSE);
            LOG.log(Level.FINE, "invalid response from " + server.address(), e);
            ErrorPage.BAD_GATEWAY.send(response, "backend " + exchange.backend + ": server " + server.name()
                    + " sent an invalid response (" + describe(e) + ")");
        } finally {
            exchange.serverCounters.bytesIn(exchange.bytesIn);
            exchange.serverCounters.bytesOut(exchange.bytesOut - bytesOutBefore);
        }
    }

    /**
     * The server failed after the response reached the client: it can no longer get an error page, only
     * a cut connection, so it never takes a truncated body for a whole one. One log line here. Where the
     * connection cannot be cut directly, an exception without stack trace (there is no bug to trace) makes
     * the container close it.
     */
    private static void abortMidResponse(HttpServletResponse response, Exchange exchange, Server server,
                                         String termination, String cause) throws UpstreamAbortedException {
        exchange.terminationState = termination;
        exchange.runtime.health().observe(exchange.backend, server.name(), Observation.INVALID_RESPONSE);
        String message = "backend " + exchange.backend + ": server " + server.name() + " failed after "
                + exchange.bytesOut + " response byte(s) reached the client (" + cause + "); client connection cut";
        LOG.warning(message);
        if (!ClientConnection.cut(response)) {
            throw new UpstreamAbortedException(message);
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** No request body at all (HTTP/2 requests may still carry {@code content-length: 0}). */
    private static boolean hasNoBody(HttpServletRequest request) {
        String length = request.getHeader("Content-Length");
        return request.getHeader("Transfer-Encoding") == null && (length == null || length.trim().equals("0"));
    }

    private static boolean validContentLength(HttpServletRequest request) {
        String value = declaredContentLength(request);
        if (value == null) {
            return true;
        }
        try {
            return Long.parseLong(value.trim()) >= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The body's length as the client declared it, or null when the body is chunked or has none: with
     * {@code Transfer-Encoding} a {@code Content-Length} is ignored (RFC 9112 6.3, as HAProxy does), the
     * container reads the body as chunked and it is forwarded chunked.
     */
    private static String declaredContentLength(HttpServletRequest request) {
        return request.getHeader("Transfer-Encoding") != null ? null : request.getHeader("Content-Length");
    }

    private static Exchange exchange(HttpServletRequest request) {
        return (Exchange) request.getAttribute(Exchange.ATTRIBUTE);
    }

    // --- MITRE hooks -----------------------------------------------------------------------------------

    @Override
    protected String rewriteUrlFromRequest(HttpServletRequest request) {
        Route.ToBackend route = exchange(request).route;
        String query = route.query();
        return UriText.encodeIllegal(query == null ? route.path() : route.path() + "?" + query);
    }

    @Override
    protected HttpRequest newProxyRequestWithEntity(String method, String uri, HttpServletRequest request)
            throws IOException {
        HttpEntityEnclosingRequest proxyRequest = new BasicHttpEntityEnclosingRequest(method, uri);
        String length = declaredContentLength(request);
        InputStream body = ClientStreams.requestBody(request.getInputStream(), exchange(request));
        proxyRequest.setEntity(new InputStreamEntity(body, length == null ? -1 : Long.parseLong(length.trim())));
        return proxyRequest;
    }

    @Override
    protected void copyRequestHeaders(HttpServletRequest request, HttpRequest proxyRequest) {
        Set<String> connectionTokens = HopByHop.connectionTokens(request.getHeaders("Connection"));
        for (String name : java.util.Collections.list(request.getHeaderNames())) {
            if (!connectionTokens.contains(name.toLowerCase(Locale.ROOT)) && !ForwardedHeaders.isReplaced(name)) {
                copyRequestHeader(request, proxyRequest, name);
            }
        }
        Exchange exchange = exchange(request);
        ForwardedHeaders.add(request, proxyRequest, exchange.route);
    }

    @Override
    protected HttpResponse doExecute(HttpServletRequest request, HttpServletResponse response,
                                     HttpRequest proxyRequest) throws IOException {
        Exchange exchange = exchange(request);
        Backend backend = exchange.route.backend();
        HttpClientContext context = HttpClientContext.create();
        context.setRequestConfig(requestConfig(backend));
        long start = System.nanoTime();
        try {
            HttpResponse proxyResponse = getProxyClient().execute(getTargetHost(request), proxyRequest, context);
            exchange.responseMillis = (System.nanoTime() - start) / 1_000_000;
            UpstreamConnection connection = UpstreamConnection.of(context.getConnection());
            if (connection != null) { // bytes it brings later that nobody asked for are this server's
                connection.usedBy(new UpstreamConnection.LastUse(exchange.backend, exchange.server,
                        exchange.serverCounters, exchange.backendCounters));
            }
            exchange.connectMillis = UpstreamClient.connectMillis(context);
            return proxyResponse;
        } catch (ConnectException | ConnectTimeoutException | NoRouteToHostException | UnknownHostException e) {
            throw new ConnectFailure(connectProblem(e, backend), e);
        } catch (NoHttpResponseException | SocketException e) {
            if (hasNoBody(request)) {
                // The server closed the connection without a byte of response: it died, restarted, or dropped
                // a kept-alive connection. A request without a body is safe to send again (HAProxy's
                // retry-on conn-failure empty-response), so this counts as a failed connection.
                throw new ConnectFailure((UpstreamClient.reusedConnection(context) ? "kept-alive " : "")
                        + "connection closed by the server before it answered", e);
            }
            throw e;
        } catch (InterruptedIOException e) {
            if (e.getCause() instanceof ClientAbortedException clientAborted) {
                throw clientAborted;
            }
            throw e;
        } catch (IOException e) {
            ClientAbortedException clientAborted = clientAbortIn(e);
            throw clientAborted != null ? clientAborted : e;
        }
    }

    private RequestConfig requestConfig(Backend backend) {
        BackendRequestConfig cached = requestConfigs.get(backend.name());
        if (cached == null || cached.backend() != backend) {
            cached = new BackendRequestConfig(backend, buildRequestConfig(backend));
            requestConfigs.put(backend.name(), cached);
        }
        return cached.config();
    }

    private static RequestConfig buildRequestConfig(Backend backend) {
        return RequestConfig.custom()
                .setConnectTimeout(millis(backend.timeouts().effectiveConnect()))
                .setSocketTimeout(millis(backend.timeouts().effectiveServer()))
                .setConnectionRequestTimeout(millis(backend.timeouts().effectiveConnect()))
                .setRedirectsEnabled(false)
                .setNormalizeUri(false)
                .setCookieSpec(org.apache.http.client.config.CookieSpecs.IGNORE_COOKIES)
                .build();
    }

    private static String connectProblem(IOException e, Backend backend) {
        if (e instanceof ConnectTimeoutException) {
            return "no connection within timeout connect (" + backend.timeouts().effectiveConnect().toMillis() + " ms)";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host";
        }
        return e instanceof ConnectException ? "connection refused" : describe(e);
    }

    private static ClientAbortedException clientAbortIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ClientAbortedException clientAborted) {
                return clientAborted;
            }
        }
        return null;
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    @Override
    protected void handleRequestException(HttpRequest proxyRequest, HttpResponse proxyResponse, Exception e)
            throws ServletException, IOException {
        // Closing the response discards the connection instead of draining what the server still sends.
        if (proxyResponse instanceof java.io.Closeable closeable) {
            closeable.close();
        }
        if (e instanceof IOException io) {
            throw io;
        }
        if (e instanceof ServletException servlet) {
            throw servlet;
        }
        throw e instanceof RuntimeException runtimeException ? runtimeException : new IllegalStateException(e);
    }

    @Override
    protected void copyResponseHeaders(HttpResponse proxyResponse, HttpServletRequest request,
                                       HttpServletResponse response) {
        Exchange exchange = exchange(request);
        Set<String> connectionTokens = HopByHop.connectionTokens(proxyResponse.getHeaders("Connection"));
        String mountPath = ForwardedHeaders.mountPath(request, exchange.route);
        LocationRewriter locations = new LocationRewriter(UpstreamClient.origin(exchange.target),
                ForwardedHeaders.clientOrigin(request), mountPath);
        for (Header header : proxyResponse.getAllHeaders()) {
            String name = header.getName();
            if (hopByHopHeaders.containsHeader(name) || connectionTokens.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            String value = header.getValue();
            if (name.equalsIgnoreCase("Location") || name.equalsIgnoreCase("Content-Location")) {
                value = locations.rewrite(value);
            } else if (name.equalsIgnoreCase("Set-Cookie") || name.equalsIgnoreCase("Set-Cookie2")) {
                value = SetCookieRewriter.rewrite(value, mountPath);
            }
            response.addHeader(name, value);
        }
    }

    @Override
    protected void copyResponseEntity(HttpResponse proxyResponse, HttpServletResponse response,
                                      HttpRequest proxyRequest, HttpServletRequest request) throws IOException {
        HttpEntity entity = proxyResponse.getEntity();
        if (entity == null) {
            return;
        }
        OutputStream out = ClientStreams.responseBody(response.getOutputStream(), exchange(request));
        long length = entity.getContentLength();
        byte[] buffer = new byte[length >= 0 && length < COPY_BUFFER_BYTES ? (int) Math.max(length, 1) : COPY_BUFFER_BYTES];
        // Not closed here: closing drains the rest of the body, which would block on a stalled server.
        // On success the MITRE servlet consumes the (empty) rest; on failure the connection is discarded.
        InputStream in = entity.getContent();
        int read;
        while ((read = in.read(buffer)) != -1) {
            out.write(buffer, 0, read);
            // Pass on what has arrived before blocking on the server again: a slow or live body (server-sent
            // events, a long download) reaches the client as the server sends it, not a buffer later.
            if (in.available() == 0) {
                out.flush();
            }
        }
    }
}
