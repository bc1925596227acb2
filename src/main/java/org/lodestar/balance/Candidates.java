package org.lodestar.balance;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Which servers may serve a request, ignoring whether they are full. As in HAProxy, backup servers
 * stand in only when no active server is available, and then only the first available backup is
 * used ({@code option allbackups} is not supported). Whether the active tier is in use does not
 * depend on the request's exclusions: a redispatched request does not spill over to backups.
 */
final class Candidates {
    private Candidates() {
    }

    /** @return candidates in file order; empty when the request cannot be served at all */
    static List<ServerState> of(List<ServerState> servers, Set<String> excluded) {
        boolean activeAvailable = servers.stream().anyMatch(s -> !s.server().backup() && s.available());
        if (activeAvailable) {
            return servers.stream()
                    .filter(s -> !s.server().backup() && s.available() && !excluded.contains(s.name()))
                    .toList();
        }
        return servers.stream()
                .filter(s -> s.server().backup() && s.available() && !excluded.contains(s.name()))
                .limit(1)
                .toList();
    }

    /**
     * How many requests may wait for these candidates: the sum of their {@code maxqueue}, unbounded
     * (empty) when any of them has none.
     */
    static OptionalLong queueBound(List<ServerState> candidates) {
        if (candidates.stream().anyMatch(s -> s.server().maxqueue() == 0)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(candidates.stream().mapToLong(s -> s.server().maxqueue()).sum());
    }
}
