/**
 * The non-blocking HTTP/1.1 client the proxy forwards with: {@link org.lodestar.upstream.UpstreamClient}, a
 * few {@code IoLoop} threads ({@code lodestar-upstream-N}) that do all socket I/O, per server address a
 * bounded {@code ConnectionPool} of kept-alive {@code ServerConnection}s, and a response parser bounded by
 * {@link org.lodestar.upstream.Limits}. Responses are handed to a {@link org.lodestar.upstream.ResponseHandler}.
 *
 * <p>Must not: import any other Lodestar package or any {@code jakarta.*} API; block an I/O loop thread.
 * See docs/architecture.md.
 */
package org.lodestar.upstream;
