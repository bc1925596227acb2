package org.lodestar.testing;

import java.time.Duration;
import org.lodestar.config.Server;

/** A {@code server} line's record, with HAProxy's defaults for every option not set. */
public final class ServerBuilder {
    private final String name;
    private String host = "127.0.0.1";
    private int port = 8000;
    private boolean check;
    private Duration inter = Server.DEFAULT_INTER;
    private Duration fastinter;
    private Duration downinter;
    private int rise = Server.DEFAULT_RISE;
    private int fall = Server.DEFAULT_FALL;
    private int weight = Server.DEFAULT_WEIGHT;
    private boolean backup;
    private boolean disabled;
    private int maxconn;
    private int maxqueue;
    private Server.Tracked track;
    private int line = 1;

    ServerBuilder(String name) {
        this.name = name;
    }

    public ServerBuilder address(String host, int port) {
        this.host = host;
        this.port = port;
        return this;
    }

    public ServerBuilder port(int port) {
        this.port = port;
        return this;
    }

    public ServerBuilder check() {
        check = true;
        return this;
    }

    public ServerBuilder inter(Duration value) {
        inter = value;
        return this;
    }

    /** Defaults to {@code inter}, as in HAProxy. */
    public ServerBuilder fastinter(Duration value) {
        fastinter = value;
        return this;
    }

    /** Defaults to {@code inter}, as in HAProxy. */
    public ServerBuilder downinter(Duration value) {
        downinter = value;
        return this;
    }

    public ServerBuilder rise(int value) {
        rise = value;
        return this;
    }

    public ServerBuilder fall(int value) {
        fall = value;
        return this;
    }

    public ServerBuilder weight(int value) {
        weight = value;
        return this;
    }

    public ServerBuilder backup() {
        backup = true;
        return this;
    }

    public ServerBuilder disabled() {
        disabled = true;
        return this;
    }

    public ServerBuilder maxconn(int value) {
        maxconn = value;
        return this;
    }

    public ServerBuilder maxqueue(int value) {
        maxqueue = value;
        return this;
    }

    /** {@code track backend/server}: takes that server's health, has no checks of its own. */
    public ServerBuilder track(String backend, String server) {
        track = new Server.Tracked(backend, server);
        return this;
    }

    /** The line of the configuration file the server is on (diagnostics only). */
    public ServerBuilder line(int value) {
        line = value;
        return this;
    }

    public Server build() {
        return new Server(name, host, port, check, inter, fastinter == null ? inter : fastinter,
                downinter == null ? inter : downinter, rise, fall, weight, backup, disabled, maxconn, maxqueue,
                java.util.Optional.ofNullable(track), line);
    }
}
