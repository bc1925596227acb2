package org.lodestar.it.deploy;

import java.net.URI;
import java.nio.file.Path;

/** An application server of the smoke suite: started on loopback, with Lodestar deployed at {@code /}. */
interface AppServer {
    /** Starts the server with Lodestar reading {@code config}, deploys the WAR and returns when it is deployed. */
    void start(Path config) throws Exception;

    /** Lodestar's root, e.g. {@code http://127.0.0.1:31080}. */
    URI base();

    /** Stops the server and every process it started; safe to call after a failed or partial start. */
    void stop();

    /** Where to look when something fails. */
    Path log();

    /** Whether the server's HTTP listener is Grizzly, for which Lodestar has a connector binding. */
    default boolean grizzly() {
        return false;
    }
}
