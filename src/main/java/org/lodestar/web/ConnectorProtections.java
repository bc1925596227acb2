package org.lodestar.web;

import java.util.List;
import java.util.Optional;

/**
 * What Lodestar protects on this server's HTTP connector beyond the servlet API, and what applies instead
 * where it cannot: logged once at start and shown in the dashboard's process information, so that an
 * operator sees when a server (or an upgrade of it) switches a protection off.
 *
 * @param server the server, as it names itself ({@code ServletContext.getServerInfo()})
 * @param binding the connector binding in use, if any
 * @param bindingFailure why the binding for this server's connector could not be used, if it could not
 * @param headTimeout where {@code timeout http-request} stands
 */
public record ConnectorProtections(String server, Optional<String> binding, Optional<String> bindingFailure,
                                   HeadTimeout headTimeout) {
    /** {@code timeout http-request} on the listener. */
    public enum HeadTimeout {
        /** No request reached the application yet: the listener is watched from the first one. */
        NOT_YET,
        ENFORCED,
        /** The binding could not watch the listener. */
        UNAVAILABLE
    }

    public boolean active() {
        return binding.isPresent();
    }

    /**
     * Whether a protection this server's connector should allow is off: its binding failed, or the listener
     * could not be watched. (A server without a binding is not degraded: it never had them.)
     */
    public boolean degraded() {
        return bindingFailure.isPresent() || binding.isPresent() && headTimeout == HeadTimeout.UNAVAILABLE;
    }

    /** One line per protection, for the log and the dashboard. */
    public List<String> lines() {
        if (binding.isEmpty()) {
            String why = bindingFailure.map(f -> "the " + server + " connector binding failed (" + f + ")")
                    .orElse("no connector binding for " + server);
            return List.of(why + ": connector protections off",
                    "client connection cut: off (a server failing mid-response ends the response with an exception,"
                            + " the server closes the connection; a refused request relies on Connection: close)",
                    "request target as sent: off (absolute-form targets are served as their path; harmless, the"
                            + " configuration alone chooses the server)",
                    "timeout http-request: not enforced (use the server's own request-header timeout)");
        }
        return List.of(binding.get() + " connector binding on " + server,
                "client connection cut: on (a server failing mid-response leaves a visibly truncated response;"
                        + " nothing pipelined behind a refused request is read)",
                "request target as sent: on (absolute-form and authority-form targets get 400)",
                "timeout http-request: " + switch (headTimeout) {
                    case NOT_YET -> "enforced from the first request on the listener";
                    case ENFORCED -> "enforced";
                    case UNAVAILABLE -> "not enforced (the listener could not be watched)";
                });
    }

    /** The dashboard's one-line summary; {@link #lines} give the details. */
    public String summary() {
        if (binding.isEmpty()) {
            return bindingFailure.isPresent() ? "connector binding FAILED: protections off" : "no connector binding: protections off";
        }
        return binding.get() + ": connection cut, request target, timeout http-request "
                + (headTimeout == HeadTimeout.UNAVAILABLE ? "NOT enforced" : "enforced");
    }
}
