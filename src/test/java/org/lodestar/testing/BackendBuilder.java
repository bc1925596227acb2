package org.lodestar.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lodestar.config.Backend;
import org.lodestar.config.ForwardFor;
import org.lodestar.config.HealthCheck;
import org.lodestar.config.LogOptions;
import org.lodestar.config.RequestRewrite;
import org.lodestar.config.Server;
import org.lodestar.config.Stats;
import org.lodestar.config.Timeouts;

/** A {@code backend} section's record, with HAProxy's defaults for every keyword not set. */
public final class BackendBuilder {
    private final String name;
    private int line = 1;
    private Backend.Balance balance = Backend.Balance.ROUNDROBIN;
    private final List<Server> servers = new ArrayList<>();
    private final List<RequestRewrite> rewrites = new ArrayList<>();
    private HealthCheck healthCheck = HealthCheck.TCP;

    BackendBuilder(String name) {
        this.name = name;
    }

    public BackendBuilder line(int value) {
        line = value;
        return this;
    }

    public BackendBuilder balance(Backend.Balance value) {
        balance = value;
        return this;
    }

    public BackendBuilder servers(ServerBuilder... value) {
        Arrays.stream(value).map(ServerBuilder::build).forEach(servers::add);
        return this;
    }

    public BackendBuilder servers(Server... value) {
        servers.addAll(List.of(value));
        return this;
    }

    public BackendBuilder rewrites(RequestRewrite... value) {
        rewrites.addAll(List.of(value));
        return this;
    }

    public BackendBuilder healthCheck(HealthCheck value) {
        healthCheck = value;
        return this;
    }

    public Backend build() {
        return new Backend(name, line, balance, servers, Backend.DEFAULT_RETRIES, Backend.Redispatch.OFF, Timeouts.NONE,
                rewrites, healthCheck, LogOptions.NONE, ForwardFor.DEFAULT, Stats.DISABLED);
    }
}
