package org.lodestar.proxy;

import java.time.Instant;

/**
 * What one request leaves in the access log. Timers in milliseconds, as HAProxy's: {@code tq} time to
 * receive the request (0: the container has read it before Lodestar sees it), {@code tw} time queued,
 * {@code tc} time to connect (0 on a reused connection, -1 when never connected), {@code tr} time for
 * the server's response headers (-1 when none), {@code tt} total.
 *
 * @param terminationState HAProxy's four-character session state, e.g. {@code ----} or {@code SC--}
 */
public record AccessLogEntry(String clientIp, int clientPort, Instant accepted, String frontend, String backend,
                             String server, long tq, long tw, long tc, long tr, long tt, int status, long bytesOut,
                             String terminationState, int retries, String requestLine) {
}
