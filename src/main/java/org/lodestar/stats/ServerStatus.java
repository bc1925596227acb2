package org.lodestar.stats;

import org.lodestar.balance.ServerSnapshot;
import org.lodestar.server.Snapshot;
import org.lodestar.server.State;

/**
 * A server's {@code status} field in HAProxy's words: {@code UP}, {@code DOWN}, {@code MAINT},
 * {@code no check}, {@code DRAIN} (weight 0, or drained by an administrator), and while the rise/fall counter is moving
 * {@code UP n/fall} (going down: n more failures take it DOWN) or {@code DOWN n/rise} (going up: n of
 * the rise passes seen).
 *
 * <p>Lodestar's {@link State#INIT} (checked, first verdict pending, not routed) has no HAProxy word, as
 * HAProxy routes such a server. It is shown as {@code DOWN}, which is what it is for traffic, and its
 * {@code check_status} is HAProxy's {@code INI}, which says why.
 */
final class ServerStatus {
    private ServerStatus() {
    }

    static String of(Snapshot health, ServerSnapshot pool, boolean checked) {
        if (health.state() == State.MAINT || pool.maintenance()) {
            return "MAINT";
        }
        boolean draining = pool.weight() == 0 || pool.draining();
        if (!checked) {
            return draining ? "DRAIN" : "no check";
        }
        String up = draining ? "DRAIN" : "UP";
        int full = health.rise() + health.fall() - 1;
        return switch (health.state()) {
            case INIT -> "DOWN";
            case UP -> health.health() < full
                    ? up + " " + (health.health() - health.rise() + 1) + "/" + health.fall()
                    : up;
            case DOWN -> health.health() > 0 ? "DOWN " + health.health() + "/" + health.rise() : "DOWN";
            case MAINT -> throw new AssertionError("handled above");
        };
    }
}
