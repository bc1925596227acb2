/**
 * Lodestar's own pages and the servlet-level guards: the filters ({@link org.lodestar.web.HostileRequestFilter},
 * {@link org.lodestar.web.SecurityHeadersFilter}), the exports', admin and reload servlets, the statistics
 * page's Faces bean, Jakarta Security ({@link org.lodestar.web.StatsSecurity}, {@link
 * org.lodestar.web.StatsIdentityStore}, {@link org.lodestar.web.AuthenticationScope}), and the seam to the
 * server's HTTP connector ({@link org.lodestar.web.ConnectorBinding}, {@link org.lodestar.web.ClientConnection}).
 *
 * <p>Must not: import {@code proxy} (the proxy uses this package, not the reverse) or any connector's own API
 * (that is {@code web.grizzly}'s, found through {@code ServiceLoader}); hold logic beyond adapting requests
 * to the plain classes below. See docs/architecture.md.
 */
package org.lodestar.web;
