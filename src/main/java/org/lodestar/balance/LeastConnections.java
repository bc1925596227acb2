package org.lodestar.balance;

import java.util.Comparator;
import java.util.List;

/**
 * {@code leastconn}: the server with the lowest {@code (inflight + 1) / weight}, i.e. the one that
 * would be least loaded relative to its weight after taking the request. Ties go to the server
 * following the last one chosen, so equally loaded servers take turns.
 */
final class LeastConnections implements Balancer {
    private final int serverCount;
    private int lastChosen = -1;

    LeastConnections(int serverCount) {
        this.serverCount = serverCount;
    }

    @Override
    public ServerState choose(List<ServerState> usable, String sourceKey) {
        Comparator<ServerState> byLoad = LeastConnections::compareLoad;
        ServerState chosen = usable.stream()
                .min(byLoad.thenComparingInt(this::distanceFromLastChosen))
                .orElseThrow();
        lastChosen = chosen.index();
        return chosen;
    }

    /** Compares (inflight + 1) / weight without division, so no rounding decides a tie. */
    private static int compareLoad(ServerState a, ServerState b) {
        return Long.compare((a.inflight() + 1L) * b.weight(), (b.inflight() + 1L) * a.weight());
    }

    private int distanceFromLastChosen(ServerState server) {
        return Math.floorMod(server.index() - lastChosen - 1, serverCount);
    }
}
