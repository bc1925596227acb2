/**
 * The {@link org.lodestar.web.ConnectorBinding} for Payara's HTTP listener, Grizzly: cutting a client
 * connection, the request target as sent, and {@code timeout http-request}. Compiled against {@code
 * grizzly-http-server} in a source set of its own ({@code src/main/grizzly}), registered through {@code
 * META-INF/services}, left out of {@code lodestar-tomcat.war}; reaches Grizzly's response through Catalina's
 * {@code ResponseFacade} by reflection.
 *
 * <p>The only package that may import {@code org.glassfish.grizzly} or name Catalina classes
 * ({@code ConnectorIsolationTest}); must not import any Lodestar package but {@code web}. See
 * docs/architecture.md.
 */
package org.lodestar.web.grizzly;
