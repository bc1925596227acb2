package org.lodestar.health;

import java.time.Instant;

/** A state change of one server, kept for the dashboard's timeline. */
public record Transition(String server, Instant at, State from, State to, CheckResult cause) {
}
