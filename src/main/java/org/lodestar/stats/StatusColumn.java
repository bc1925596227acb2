package org.lodestar.stats;

import org.lodestar.server.AdminMode;
import org.lodestar.server.Snapshot;
import org.lodestar.server.State;

/**
 * A server's {@code status} field in HAProxy's words: {@code UP}, {@code DOWN}, {@code MAINT},
 * {@code no check}, {@code DRAIN} (weight 0, or drained by an administrator), and while the rise/fall counter is moving
 * {@code UP n/fall} (going down: n more failures take it DOWN) or {@code DOWN n/rise} (going up: n of
 * the rise passes seen). Made from the server's status snapshot alone, the one its routing comes from.
 *
 * <p>Lodestar's {@link State#INIT} (checked, first verdict pending) has no HAProxy word, as HAProxy routes
 * such a server. It is shown as {@code DOWN}, which is what it is for traffic with fast failover, and its
 * {@code check_status} is HAProxy's {@code INI}, which says why.
 */
final class StatusColumn {
    private StatusColumn() {
    }

    static String of(Snapshot server, boolean checked) {
        if (server.state() == State.MAINT) {
            return "MAINT";
        }
        boolean draining = server.weight() == 0 || server.mode() == AdminMode.DRAIN;
        if (!checked) {
            return draining ? "DRAIN" : "no check";
        }
        String up = draining ? "DRAIN" : "UP";
        int full = server.rise() + server.fall() - 1;
        return switch (server.state()) {
            case INIT -> "DOWN";
            case UP -> server.health() < full
                    ? up + " " + (server.health() - server.rise() + 1) + "/" + server.fall()
                    : up;
            case DOWN -> server.health() > 0 ? "DOWN " + server.health() + "/" + server.rise() : "DOWN";
            case MAINT -> throw new AssertionError("handled above");
        };
    }
}
