package org.lodestar.health;

/** Told when a server starts or stops being eligible for traffic, so the balancer can follow. */
@FunctionalInterface
public interface RoutingListener {
    void routable(String backend, String server, boolean routable);
}
