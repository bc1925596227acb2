package org.lodestar.balance;

import java.util.List;

/**
 * {@code roundrobin}: smooth weighted round robin. Every pick adds each usable server's weight to its
 * running score, takes the highest score and lowers it by the total weight; over any window of
 * total-weight picks each server gets exactly its share, interleaved rather than in bursts.
 */
final class SmoothRoundRobin implements Balancer {
    private final long[] score;

    SmoothRoundRobin(int serverCount) {
        this.score = new long[serverCount];
    }

    @Override
    public ServerState choose(List<ServerState> usable, String sourceKey) {
        long totalWeight = 0;
        ServerState best = null;
        for (ServerState server : usable) {
            score[server.index()] += server.weight();
            totalWeight += server.weight();
            if (best == null || score[server.index()] > score[best.index()]) {
                best = server;
            }
        }
        score[best.index()] -= totalWeight;
        return best;
    }
}
