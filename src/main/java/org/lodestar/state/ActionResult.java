package org.lodestar.state;

import org.lodestar.server.ServerKey;

/** What became of an administrator's command on one server. */
public sealed interface ActionResult {
    ServerKey server();

    /** Done: {@code what} says what changed, in a few words. */
    record Applied(ServerKey server, String what) implements ActionResult {
    }

    /** Not done, and why. */
    record Refused(ServerKey server, String reason) implements ActionResult {
    }
}
