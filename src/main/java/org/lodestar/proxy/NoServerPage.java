package org.lodestar.proxy;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.lodestar.config.Backend;
import org.lodestar.config.Server;
import org.lodestar.server.Snapshot;

/**
 * The 503 for a backend with no server to take the request: it names each server with its state and
 * last check result, so an operator sees at once whether the leader is down or merely not elected yet,
 * and tells clients when to retry. Servers that reported a state of their own at their last check
 * ({@code http-check lodestar-report}: a Spark master RECOVERING) are named first.
 */
final class NoServerPage {
    private NoServerPage() {
    }

    static void send(HttpServletResponse response, Backend backend, List<Snapshot> servers,
                     List<String> connectFailures) throws IOException {
        ErrorPage.SERVICE_UNAVAILABLE.send(response, detail(backend, servers, connectFailures),
                Map.of("Retry-After", Long.toString(retryAfterSeconds(backend))));
    }

    /** The page's line: the servers that reported a state first, then every server's state and last check. */
    static String detail(Backend backend, List<Snapshot> servers, List<String> connectFailures) {
        String states = servers.stream().map(s -> describe(s, backend)).collect(Collectors.joining("; "));
        String reports = servers.stream().filter(s -> !s.reported().isEmpty())
                .map(s -> s.server() + " reports " + s.reported()).collect(Collectors.joining(", "));
        String detail = "backend " + backend.name() + " has no server available"
                + (reports.isEmpty() ? "" : " (" + reports + ")") + ": " + states
                + (connectFailures.isEmpty() ? "" : "; this request: " + String.join("; ", connectFailures));
        return detail;
    }

    private static String describe(Snapshot server, Backend backend) {
        String last = server.lastResult()
                .map(r -> ", last check " + r.code() + (r.httpCode() > 0 ? "/" + r.httpCode() : "") + " in "
                        + r.durationMillis() + "ms: " + r.description())
                .orElseGet(() -> backend.servers().stream().filter(s -> s.name().equals(server.server()))
                        .flatMap(s -> s.track().stream()).map(t -> ", tracks " + t).findFirst()
                        .orElse(", not checked yet"));
        return server.server() + " " + server.state() + last;
    }

    /** When a server may be back: the soonest re-check of a server that is not UP, at least a second. */
    private static long retryAfterSeconds(Backend backend) {
        Duration soonest = backend.servers().stream()
                .filter(Server::check)
                .map(s -> backend.healthCheck().fastFailover().enabled()
                        ? min(s.downinter(), backend.healthCheck().fastFailover().interval()) : s.downinter())
                .min(Duration::compareTo)
                .orElse(Duration.ofSeconds(1));
        return Math.max(1, (soonest.toMillis() + 999) / 1000);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
