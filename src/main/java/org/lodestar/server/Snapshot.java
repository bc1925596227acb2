package org.lodestar.server;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A consistent copy of one server's health for the dashboard and exports.
 *
 * @param lastResult empty until the first check completed (and always for unchecked servers)
 * @param chkfail    failed checks counted by {@link HealthState}'s rule
 * @param chkdown    UP to DOWN transitions
 * @param lastChange when the state last changed, or when tracking began
 * @param downtime   total time spent DOWN up to the snapshot's instant
 */
public record Snapshot(String server, State state, int health, int rise, int fall,
                       Optional<CheckResult> lastResult, long chkfail, long chkdown, Instant lastChange,
                       Duration downtime) {
}
