package org.lodestar.server;

/**
 * The one answer to "may this server take a request now?", computed by {@link ServerStatus#routing()} and
 * acted on by the balancer.
 */
public enum Routing {
    /** Send it requests. */
    ROUTABLE,
    /**
     * No request yet, but its next check may make it {@link #ROUTABLE} (its first check is pending, or, with
     * fast failover, its checks pass on its way UP): a request no other server can take waits for it, up to
     * {@code timeout queue}, rather than failing at once.
     */
    PENDING,
    /** No request. */
    OUT
}
