package org.lodestar.balance;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * {@code source}: hashes the client address onto the usable servers, each owning a share of the hash
 * space proportional to its weight. The same client reaches the same server as long as the set of
 * usable servers and their weights do not change.
 */
final class SourceHash implements Balancer {
    @Override
    public ServerState choose(List<ServerState> usable, String sourceKey) {
        long totalWeight = usable.stream().mapToLong(ServerState::weight).sum();
        long point = Math.floorMod(hash(Objects.requireNonNull(sourceKey, "sourceKey")), totalWeight);
        for (ServerState server : usable) {
            point -= server.weight();
            if (point < 0) {
                return server;
            }
        }
        throw new IllegalStateException("hash point beyond the total weight");
    }

    /**
     * FNV-1a, then a final avalanche so that addresses differing only in their last byte still land
     * far apart once reduced modulo a small total weight.
     */
    private static long hash(String key) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        return hash & Long.MAX_VALUE;
    }
}
