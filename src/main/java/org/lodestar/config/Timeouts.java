package org.lodestar.config;

import java.time.Duration;
import java.util.Optional;

/** The {@code timeout} keywords of one proxy; unset ones fall back as in HAProxy. */
public record Timeouts(Optional<Duration> connect, Optional<Duration> client, Optional<Duration> server,
                       Optional<Duration> queue, Optional<Duration> check, Optional<Duration> httpRequest) {
    /** Used when {@code timeout connect} is missing; HAProxy warns and waits forever, we refuse to. */
    public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(5);
    /** Used when {@code timeout server} is missing, for the same reason. */
    public static final Duration DEFAULT_SERVER = Duration.ofSeconds(50);

    public static final Timeouts NONE = new Timeouts(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    public Duration effectiveConnect() {
        return connect.orElse(DEFAULT_CONNECT);
    }

    public Duration effectiveServer() {
        return server.orElse(DEFAULT_SERVER);
    }

    /** {@code timeout queue}, else {@code timeout connect}, as HAProxy does. */
    public Duration effectiveQueue() {
        return queue.orElse(effectiveConnect());
    }
}
