package org.lodestar.proxy;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.lodestar.config.Server;
import org.lodestar.container.ProxyRuntime;
import org.lodestar.routing.Route;
import org.lodestar.stats.TrafficCounters;

/**
 * What the proxy knows about one request while forwarding it: the counters it adds to, the timings and the
 * termination state of HAProxy's log; becomes the access log line. Written by one thread at a time (the
 * request's, across its dispatches).
 */
final class Exchange {
    final Instant accepted = Instant.now();
    final long startNanos = System.nanoTime();
    final String requestLine;
    final String clientAddress;
    final int clientPort;
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
    Termination termination = Termination.NORMAL;
    long bytesIn;
    long bytesOut;
    final List<String> connectFailures = new ArrayList<>();
    /** The configuration this request started on; a reload meanwhile does not change it. */
    final ProxyRuntime runtime;

    Exchange(HttpServletRequest request, ProxyRuntime runtime) {
        this.runtime = runtime;
        String query = request.getQueryString();
        this.requestLine = request.getMethod() + " " + request.getRequestURI() + (query == null ? "" : "?" + query)
                + " " + request.getProtocol();
        this.clientAddress = request.getRemoteAddr();
        this.clientPort = request.getRemotePort();
    }

    boolean requestBodyStarted() {
        return bytesIn > 0;
    }

    AccessLogEntry toLogEntry(int status, AccessLogEntry.Connections connections, int backendQueue) {
        long total = (System.nanoTime() - startNanos) / 1_000_000;
        return new AccessLogEntry(clientAddress, clientPort, accepted, frontend, backend, server, 0, queuedMillis,
                connectMillis, responseMillis, total, status, bytesOut, termination.code(), connections, retries,
                backendQueue, requestLine);
    }
}
