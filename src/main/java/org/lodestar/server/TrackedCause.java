package org.lodestar.server;

import java.util.Objects;

/**
 * A state change a server took from the server it tracks ({@code track}), for the dashboard's timeline: which
 * server, and why that one changed.
 *
 * @param tracked {@code backend/server} of the tracked server
 * @param cause   why the tracked server changed
 */
public record TrackedCause(String tracked, TransitionCause cause) implements TransitionCause {
    public TrackedCause {
        Objects.requireNonNull(tracked, "tracked");
        Objects.requireNonNull(cause, "cause");
    }
}
