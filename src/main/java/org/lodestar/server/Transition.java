package org.lodestar.server;

import java.time.Instant;

/**
 * A change of one server, kept for the dashboard's timeline: its state from and to (the same state when
 * an administrator changed a setting that is not the state, such as its weight), and why.
 */
public record Transition(String server, Instant at, State from, State to, TransitionCause cause) {
}
