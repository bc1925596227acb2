/**
 * Health-check logic: {@link org.lodestar.health.HealthMonitor} schedules each checked server's check
 * through the {@link org.lodestar.health.CheckScheduler} seam and reports every result to the server's
 * {@code ServerStatus}; {@link org.lodestar.health.Checker} runs {@link org.lodestar.health.HttpCheck}
 * (JAX-RS client API) or {@link org.lodestar.health.TcpCheck}, judged by {@link
 * org.lodestar.health.ExpectRules}.
 *
 * <p>Must not: import anything but {@code config} and {@code server} among Lodestar's packages; use any
 * {@code jakarta.*} API but the JAX-RS client ({@code jakarta.ws.rs.client}); create threads or timers
 * (the container provides them through {@code CheckScheduler} and the clients' executor). See
 * docs/architecture.md.
 */
package org.lodestar.health;
