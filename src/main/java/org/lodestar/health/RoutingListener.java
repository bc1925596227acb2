package org.lodestar.health;

/** Told when a server's eligibility for traffic changes, so the balancer can follow. */
@FunctionalInterface
public interface RoutingListener {
    void routing(String backend, String server, Routing routing);

    /** What the balancer should do with a server. */
    enum Routing {
        /** Send it traffic. */
        ROUTABLE,
        /**
         * No traffic yet, but its checks are passing (first check pending, or rising towards UP): a request
         * with no other server waits for it rather than failing at once.
         */
        PENDING,
        /** No traffic. */
        OUT
    }
}
