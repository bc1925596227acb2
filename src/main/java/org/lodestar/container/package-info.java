/**
 * Container glue below the web layer: {@link org.lodestar.container.Lodestar} (CDI) loads the configuration
 * and reloads it into a new {@link org.lodestar.container.ProxyRuntime} (router, pools, limits, counters,
 * server statuses, health monitor, administration of one configuration); the health checks' scheduling
 * ({@link org.lodestar.container.HealthCheckTimers} with EJB timers, {@link
 * org.lodestar.container.ExecutorCheckScheduler} in the Tomcat flavour, {@code CheckThreads}, {@code
 * CheckLifecycle}, {@code CheckClients}).
 *
 * <p>Must not: import {@code proxy} or {@code web}, nor the servlet API; hold logic that could live in a pure
 * package. Nothing in the pure packages imports it. See docs/architecture.md.
 */
package org.lodestar.container;
