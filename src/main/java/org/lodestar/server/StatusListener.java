package org.lodestar.server;

/**
 * How a {@link ServerStatus} drives its backend's balancer, as HAProxy's server drives the {@code lb_ops}
 * of its backend: told the server's answer and weight when the status is made, then every time either
 * changes. {@code balance.ServerPool} implements it.
 *
 * <p>Called with the status's lock held, in the order of the changes, so the balancer never acts on an
 * answer older than the one the status (and so the dashboard) shows. An implementation must be quick and
 * must not call back into the status.
 */
@FunctionalInterface
public interface StatusListener {
    void statusChanged(String server, Routing routing, int weight);
}
