package org.lodestar.config;

import java.time.Duration;
import java.util.Optional;

/**
 * A {@code server} line with its options resolved against HAProxy's defaults.
 *
 * @param inter     interval between checks while UP (default 2s)
 * @param fastinter interval while the state is changing (default {@code inter})
 * @param downinter interval while DOWN (default {@code inter})
 * @param maxconn   concurrent requests sent to this server; 0 = unlimited
 * @param maxqueue  requests waiting for this server; 0 = unlimited
 * @param track     the server whose health this one takes ({@code track [<backend>/]<server>}), with the
 *                  backend resolved; such a server has no checks of its own
 */
public record Server(String name, String host, int port, boolean check, Duration inter, Duration fastinter,
                     Duration downinter, int rise, int fall, int weight, boolean backup, boolean disabled,
                     int maxconn, int maxqueue, Optional<Tracked> track, int line) {
    public static final Duration DEFAULT_INTER = Duration.ofSeconds(2);
    public static final int DEFAULT_RISE = 2;
    public static final int DEFAULT_FALL = 3;
    public static final int DEFAULT_WEIGHT = 1;
    public static final int MAX_WEIGHT = 256;

    public String address() {
        return host + ":" + port;
    }

    /** The target of a {@code track} option: a server of a backend (or listen). */
    public record Tracked(String backend, String server) {
        @Override
        public String toString() {
            return backend + "/" + server;
        }
    }
}
