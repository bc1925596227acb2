package org.lodestar.balance;

/**
 * One server's state at a moment, for statistics and the dashboard.
 *
 * @param up          last known health (a server in maintenance may still be reported up)
 * @param maintenance {@code disabled} in the configuration: never used
 * @param maxconn     0 = unlimited
 * @param selections  requests sent to it so far (HAProxy's {@code lbtot})
 * @param draining    set to DRAIN by an administrator: no new requests, those in flight finish
 */
public record ServerSnapshot(String name, boolean up, boolean maintenance, boolean backup, int weight, int inflight,
                             int maxconn, long selections, boolean draining) {
}
