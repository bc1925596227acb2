package org.lodestar.routing;

import java.util.Optional;
import org.lodestar.config.Backend;
import org.lodestar.config.Frontend;

/** Where a request goes, decided by {@link Router}. */
public sealed interface Route {

    /**
     * The request goes to {@code backend}, with the method, path and query left by the backend's
     * rewrites.
     *
     * @param query         raw query string without '?', null when absent
     * @param removedPrefix the path prefix the rewrites stripped (see {@link RemovedPrefix}), for
     *                      {@code X-Forwarded-Context} and {@code Location} rewriting; "" if none
     */
    record ToBackend(Frontend frontend, Backend backend, String method, String path, String query,
                     String removedPrefix) implements Route {
        /** The request target to send: path, plus '?' and the query when there is one. */
        public String pathAndQuery() {
            return query == null ? path : path + "?" + query;
        }
    }

    /** No frontend had a rule or default for the request; answered with 503. */
    record NoBackend(Optional<Frontend> lastFrontendTried) implements Route {
    }

    /**
     * A rewrite of the chosen backend produced something that is not a valid request (for instance a
     * {@code reqrep} that broke the request line). This is a configuration fault, not the client's.
     */
    record BadRewrite(Frontend frontend, Backend backend, String reason) implements Route {
    }
}
