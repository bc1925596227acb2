package org.lodestar.balance;

import java.util.List;

/**
 * {@code first}: the first server in file order with a free slot, so that with {@code maxconn} the
 * servers fill one after another and the last ones can be kept idle or switched off.
 */
final class FirstAvailable implements Balancer {
    @Override
    public ServerState choose(List<ServerState> usable, String sourceKey) {
        return usable.get(0);
    }
}
