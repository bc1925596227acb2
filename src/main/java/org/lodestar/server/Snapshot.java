package org.lodestar.server;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A consistent copy of one server's {@link ServerStatus} for the dashboard, the exports and the 503 page.
 *
 * @param lastResult empty until the first check completed (and always for unchecked servers)
 * @param chkfail    failed checks counted by {@link ServerStatus}'s rule
 * @param chkdown    UP to DOWN transitions
 * @param lastChange when the state last changed, or when tracking began
 * @param downtime   total time spent DOWN up to the snapshot's instant
 * @param mode       what an administrator set (MAINT for a server {@code disabled} in the configuration)
 * @param weight     the weight in effect
 * @param routing    whether it takes requests, as the balancer was told
 */
public record Snapshot(String server, State state, int health, int rise, int fall,
                       Optional<CheckResult> lastResult, long chkfail, long chkdown, Instant lastChange,
                       Duration downtime, AdminMode mode, int weight, Routing routing) {

    /** The state the server reported of itself at its last check ({@code http-check lodestar-report}), or "". */
    public String reported() {
        return lastResult.map(CheckResult::reported).orElse("");
    }
}
