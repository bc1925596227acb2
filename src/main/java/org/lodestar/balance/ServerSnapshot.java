package org.lodestar.balance;

/**
 * One server's traffic at a moment, for statistics and the dashboard; its status (state, mode, weight,
 * whether it takes requests) is its {@code ServerStatus}'s.
 *
 * @param maxconn    0 = unlimited
 * @param selections requests sent to it so far (HAProxy's {@code lbtot})
 */
public record ServerSnapshot(String name, int inflight, int maxconn, long selections) {
}
