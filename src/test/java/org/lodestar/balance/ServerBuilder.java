package org.lodestar.balance;

import java.util.List;
import org.lodestar.config.Backend;
import org.lodestar.config.ForwardFor;
import org.lodestar.config.HealthCheck;
import org.lodestar.config.LogOptions;
import org.lodestar.config.Server;
import org.lodestar.config.Stats;
import org.lodestar.config.Timeouts;

/** Builds Server and Backend records with HAProxy's defaults, standing in for the parser in tests. */
final class ServerBuilder {
    private final String name;
    private int weight = Server.DEFAULT_WEIGHT;
    private boolean backup;
    private boolean disabled;
    private int maxconn;
    private int maxqueue;

    private ServerBuilder(String name) {
        this.name = name;
    }

    static ServerBuilder server(String name) {
        return new ServerBuilder(name);
    }

    static Backend backend(Backend.Balance balance, ServerBuilder... servers) {
        List<Server> built = java.util.Arrays.stream(servers).map(ServerBuilder::build).toList();
        return new Backend("be", 1, balance, built, Backend.DEFAULT_RETRIES, Backend.Redispatch.OFF, Timeouts.NONE,
                List.of(), HealthCheck.TCP, LogOptions.NONE, ForwardFor.DEFAULT, Stats.DISABLED);
    }

    static ServerPool pool(Backend.Balance balance, ServerBuilder... servers) {
        return new ServerPool(backend(balance, servers));
    }

    ServerBuilder weight(int value) {
        weight = value;
        return this;
    }

    ServerBuilder backup() {
        backup = true;
        return this;
    }

    ServerBuilder disabled() {
        disabled = true;
        return this;
    }

    ServerBuilder maxconn(int value) {
        maxconn = value;
        return this;
    }

    ServerBuilder maxqueue(int value) {
        maxqueue = value;
        return this;
    }

    Server build() {
        return new Server(name, "127.0.0.1", 8000, false, Server.DEFAULT_INTER, Server.DEFAULT_INTER,
                Server.DEFAULT_INTER, Server.DEFAULT_RISE, Server.DEFAULT_FALL, weight, backup, disabled, maxconn,
                maxqueue, 1);
    }
}
