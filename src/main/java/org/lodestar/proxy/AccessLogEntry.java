package org.lodestar.proxy;

import java.time.Instant;

/**
 * What one request leaves in the access log. Timers in milliseconds, as HAProxy's: {@code tq} time to
 * receive the request (0: the container has read it before Lodestar sees it), {@code tw} time queued,
 * {@code tc} time to connect (0 on a reused connection, -1 when never connected), {@code tr} time for
 * the server's response headers (-1 when none), {@code tt} total.
 *
 * @param terminationState HAProxy's four-character session state, e.g. {@code ----} or {@code SC--}
 * @param connections      HAProxy's {@code actconn/feconn/beconn/srv_conn} just after the request ended
 *                         (itself no longer counted)
 * @param backendQueue     requests waiting in the backend's queue then ({@code srv_queue} is always 0:
 *                         Lodestar queues per backend)
 */
public record AccessLogEntry(String clientIp, int clientPort, Instant accepted, String frontend, String backend,
                             String server, long tq, long tw, long tc, long tr, long tt, int status, long bytesOut,
                             String terminationState, Connections connections, int retries, int backendQueue,
                             String requestLine) {

    /** In-flight requests: in all frontends, in this frontend, in this backend, on this server. */
    public record Connections(int active, int frontend, int backend, int server) {
        public static final Connections NONE = new Connections(0, 0, 0, 0);
    }
}
