package org.lodestar.container;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.lodestar.config.Backend;
import org.lodestar.config.Config;
import org.lodestar.config.HealthCheck;
import org.lodestar.config.Server;
import org.lodestar.health.CheckRunner;
import org.lodestar.health.Checker;
import org.lodestar.health.HttpCheck;
import org.lodestar.health.TcpCheck;
import org.lodestar.server.CheckResult;

/**
 * The JAX-RS clients the checks use, one per backend so each gets its backend's timeouts: connecting is
 * bounded by {@code timeout connect}, reading by the longest check timeout of its servers (each check is
 * also bounded by its own timeout, see {@link HttpCheck}).
 */
final class CheckClients implements CheckRunner, AutoCloseable {
    private final List<Client> clients = new ArrayList<>();
    /** By server identity: the checker of the backend the server belongs to. */
    private final Map<Server, Checker> checkers = new IdentityHashMap<>();
    /** No check on these clients lasts longer: the longest connect plus read timeout of a backend. */
    private Duration longestCheck = Duration.ZERO;

    CheckClients(Config config, Executor executor) {
        TcpCheck tcp = new TcpCheck();
        for (Backend backend : config.backends().values()) {
            Duration read = backend.servers().stream().map(s -> Checker.timeoutFor(s, backend.timeouts()))
                    .max(Duration::compareTo).orElse(Server.DEFAULT_INTER);
            Duration connect = min(backend.timeouts().effectiveConnect(), read);
            Client client = ClientBuilder.newBuilder()
                    .connectTimeout(connect.toMillis(), TimeUnit.MILLISECONDS)
                    .readTimeout(read.toMillis(), TimeUnit.MILLISECONDS)
                    .build();
            clients.add(client);
            longestCheck = max(longestCheck, connect.plus(read));
            Checker checker = new Checker(new HttpCheck(client, executor), tcp);
            backend.servers().forEach(server -> checkers.put(server, checker));
        }
    }

    @Override
    public CheckResult check(Server server, HealthCheck check, Duration timeout) {
        return checkers.get(server).check(server, check, timeout);
    }

    /** How long a check started on these clients may still be running: closing them earlier would fail it. */
    Duration longestCheck() {
        return longestCheck;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public void close() {
        clients.forEach(Client::close);
    }
}
