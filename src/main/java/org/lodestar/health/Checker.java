package org.lodestar.health;

import java.time.Duration;
import java.util.Objects;

import org.lodestar.config.HealthCheck;
import org.lodestar.config.Server;
import org.lodestar.config.Timeouts;
import org.lodestar.server.CheckResult;

/** Runs the check a backend asks for: HTTP with {@code option httpchk}, else a TCP connect. */
public final class Checker {
    private final HttpCheck http;
    private final TcpCheck tcp;

    public Checker(HttpCheck http, TcpCheck tcp) {
        this.http = Objects.requireNonNull(http, "http");
        this.tcp = Objects.requireNonNull(tcp, "tcp");
    }

    public CheckResult check(Server server, HealthCheck check, Duration timeout) {
        return check.httpchk().isPresent() ? http.run(server, check, timeout) : tcp.run(server, timeout);
    }

    /**
     * The time one check may take: {@code timeout check}, else the server's {@code inter}. (HAProxy
     * splits this into a connect and a read part; Lodestar bounds the whole check by one value.)
     */
    public static Duration timeoutFor(Server server, Timeouts timeouts) {
        return timeouts.check().orElse(server.inter());
    }
}
