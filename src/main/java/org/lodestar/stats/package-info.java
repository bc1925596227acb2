/**
 * HAProxy's statistics: the counters ({@link org.lodestar.stats.ProxyStats}, {@link
 * org.lodestar.stats.TrafficCounters}, written on the request path without locks), the rows ({@link
 * org.lodestar.stats.StatsCollector}), the CSV, JSON and Prometheus exports, the HTML page's cells, and who
 * may read them ({@link org.lodestar.stats.StatsAccess}, {@link org.lodestar.stats.UserlistLogins}).
 *
 * <p>Must not: import {@code proxy}, {@code container}, {@code web}, {@code health} or {@code state}, nor any
 * {@code jakarta.*} API. See docs/architecture.md.
 */
package org.lodestar.stats;
