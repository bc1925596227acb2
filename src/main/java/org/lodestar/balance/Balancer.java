package org.lodestar.balance;

import java.util.List;
import org.lodestar.config.Backend;

/**
 * A {@code balance} algorithm: picks one of the servers that can take a request now. Implementations
 * keep per-server state indexed by {@link ServerState#index()} and are called under the pool's lock,
 * so they need no synchronization of their own.
 */
sealed interface Balancer permits SmoothRoundRobin, LeastConnections, FirstAvailable, SourceHash {

    /**
     * @param usable    available, not excluded and not full; never empty; in file order
     * @param sourceKey the client address, for {@code source}
     */
    ServerState choose(List<ServerState> usable, String sourceKey);

    static Balancer of(Backend.Balance algorithm, int serverCount) {
        return switch (algorithm) {
            case ROUNDROBIN -> new SmoothRoundRobin(serverCount);
            case LEASTCONN -> new LeastConnections(serverCount);
            case FIRST -> new FirstAvailable();
            case SOURCE -> new SourceHash();
        };
    }
}
