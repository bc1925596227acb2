/**
 * Each server's status, the one place that decides whether it takes traffic: {@link
 * org.lodestar.server.ServerStatus} (HAProxy's check state machine, admin mode, weight, draining) computes
 * the {@link org.lodestar.server.Routing} answer and tells its balancer through {@link
 * org.lodestar.server.StatusListener}; snapshots and transitions for the dashboard and timeline.
 *
 * <p>Must not: import anything but {@code config} among Lodestar's packages (the balancer is reached only
 * through {@code StatusListener}), nor any {@code jakarta.*} API; read the system clock (times are passed
 * in). See docs/architecture.md.
 */
package org.lodestar.server;
