/**
 * The choice of a server for each request: {@link org.lodestar.balance.ServerPool} (one per backend, told
 * by each server's status whether it is routable), the {@code balance} algorithms, the queue, {@link
 * org.lodestar.balance.ConcurrencyLimit} (a frontend's {@code maxconn}) and {@link
 * org.lodestar.balance.RetryPolicy}.
 *
 * <p>Must not: import anything but {@code config} and {@code server} among Lodestar's packages, nor any
 * {@code jakarta.*} API; decide routability itself (that is {@code ServerStatus}'s). See
 * docs/architecture.md.
 */
package org.lodestar.balance;
