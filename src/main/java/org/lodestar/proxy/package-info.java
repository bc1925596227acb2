/**
 * The reverse proxy on top of everything: {@link org.lodestar.proxy.LodestarProxyServlet} routes each request
 * outside {@code /lodestar/}, a {@code Forwarding} takes it from admission ({@code ConcurrencyLimit}) and a
 * server slot ({@code ServerPool}) through the upstream client to the relayed response ({@code
 * ResponseMailbox}), parking it ({@code Parking}, async + dispatch) while it waits; {@code FailureClassifier}
 * decides retries and error pages; {@code AccessLog} writes one line per request. Also handles the
 * container's ERROR dispatch so no stack trace reaches a browser.
 *
 * <p>Must not: be imported by any other Lodestar package; use a connector's own API (only {@code
 * web.ClientConnection}). See docs/architecture.md.
 */
package org.lodestar.proxy;
