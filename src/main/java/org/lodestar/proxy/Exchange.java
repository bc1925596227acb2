package org.lodestar.proxy;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.lodestar.balance.ConcurrencyLimit;
import org.lodestar.config.Server;
import org.lodestar.container.ProxyRuntime;
import org.lodestar.routing.Route;
import org.lodestar.stats.TrafficCounters;

/** What the proxy knows about one request while forwarding it; becomes the access log line. */
final class Exchange {
    static final String ATTRIBUTE = Exchange.class.getName();

    final Instant accepted = Instant.now();
    final long startNanos = System.nanoTime();
    final String requestLine;
    String frontend = "-";
    String backend = "-";
    String server = "<NOSRV>";
    Route.ToBackend route;
    Server target;
    /** The counters of the routed frontend and backend, looked up once per request. */
    TrafficCounters frontendCounters;
    TrafficCounters backendCounters;
    TrafficCounters serverCounters;
    long queuedMillis;
    long connectMillis = -1;
    long responseMillis = -1;
    int retries;
    /** HAProxy's termination state; {@code ----} is a normal end. */
    String terminationState = "----";
    long bytesIn;
    long bytesOut;
    final List<String> connectFailures = new ArrayList<>();
    /** Waiting, without a thread, for a slot of its frontend or server ({@link ParkedRequest}). */
    boolean parked;
    /** The frontend's slot, held from admission to the end of the request. */
    ConcurrencyLimit.Permit frontendSlot;
    /** The configuration this request started on; a reload meanwhile does not change it. */
    final ProxyRuntime runtime;

    Exchange(HttpServletRequest request, ProxyRuntime runtime) {
        this.runtime = runtime;
        String query = request.getQueryString();
        this.requestLine = request.getMethod() + " " + request.getRequestURI() + (query == null ? "" : "?" + query)
                + " " + request.getProtocol();
    }

    boolean requestBodyStarted() {
        return bytesIn > 0;
    }

    AccessLogEntry toLogEntry(HttpServletRequest request, int status, AccessLogEntry.Connections connections,
                              int backendQueue) {
        long total = (System.nanoTime() - startNanos) / 1_000_000;
        return new AccessLogEntry(request.getRemoteAddr(), request.getRemotePort(), accepted, frontend, backend,
                server, 0, queuedMillis, connectMillis, responseMillis, total, status, bytesOut, terminationState,
                connections, retries, backendQueue, requestLine);
    }
}
