package org.lodestar.config;

import java.util.List;

/**
 * A {@code backend} (or the backend half of a {@code listen}).
 *
 * @param retries   connection attempts after the first failed one (default 3)
 * @param redispatch {@code option redispatch [interval]}
 */
public record Backend(String name, int line, Balance balance, List<Server> servers, int retries,
                      Redispatch redispatch, Timeouts timeouts, List<RequestRewrite> rewrites,
                      HealthCheck healthCheck, LogOptions log, ForwardFor forwardFor, Stats stats) {
    public static final int DEFAULT_RETRIES = 3;

    public Backend {
        servers = List.copyOf(servers);
        rewrites = List.copyOf(rewrites);
    }

    /** {@code balance} algorithms. */
    public enum Balance {
        ROUNDROBIN, LEASTCONN, FIRST, SOURCE;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * {@code option redispatch [interval]}: when enabled, a retry moves to another server on every
     * {@code interval}-th retry if positive, or on the {@code -interval}-th retry before the last if
     * negative (HAProxy's default -1: only the last retry is redispatched).
     */
    public record Redispatch(boolean enabled, int interval) {
        public static final Redispatch OFF = new Redispatch(false, -1);
    }
}
