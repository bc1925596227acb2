package org.lodestar.health;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.lodestar.config.HealthCheck;
import org.lodestar.config.HealthCheck.Expect;
import org.lodestar.config.HealthCheck.Kind;
import org.lodestar.config.Server;

/** Builds config records the way the parser would, since the parser is written elsewhere. */
final class Configs {
    private Configs() {
    }

    static Server server(String host, int port, int rise, int fall) {
        return new Server("s1", host, port, true, Duration.ofSeconds(2), Duration.ofMillis(500),
                Duration.ofSeconds(10), rise, fall, 1, false, false, 0, 0, 1);
    }

    static Server server(int rise, int fall) {
        return server("127.0.0.1", 7077, rise, fall);
    }

    static Server unchecked() {
        return new Server("s2", "127.0.0.1", 7077, false, Server.DEFAULT_INTER, Server.DEFAULT_INTER,
                Server.DEFAULT_INTER, Server.DEFAULT_RISE, Server.DEFAULT_FALL, 1, false, false, 0, 0, 2);
    }

    static Server disabled() {
        return new Server("s3", "127.0.0.1", 7077, true, Server.DEFAULT_INTER, Server.DEFAULT_INTER,
                Server.DEFAULT_INTER, Server.DEFAULT_RISE, Server.DEFAULT_FALL, 1, false, true, 0, 0, 3);
    }

    /** {@code http-check expect [!] kind pattern}, with the regex compiled as the parser does (no flags). */
    static Expect expect(String rule) {
        boolean negated = rule.startsWith("!");
        String[] words = (negated ? rule.substring(1).trim() : rule).split(" ", 2);
        Kind kind = Kind.valueOf(words[0].toUpperCase(java.util.Locale.ROOT));
        Pattern regex = kind == Kind.RSTATUS || kind == Kind.RSTRING ? Pattern.compile(words[1]) : null;
        return new Expect(negated, kind, words[1], regex, 1);
    }

    static HealthCheck httpchk(String method, String uri, Map<String, String> headers, String... expects) {
        return new HealthCheck(Optional.of(new HealthCheck.HttpCheck(method, uri, "HTTP/1.1", headers)),
                Arrays.stream(expects).map(Configs::expect).toList(), HealthCheck.FastFailover.DEFAULT);
    }

    static HealthCheck httpchk(String... expects) {
        return httpchk("GET", "/", Map.of(), expects);
    }

    static HealthCheck tcp() {
        return new HealthCheck(Optional.empty(), List.of(), HealthCheck.FastFailover.DEFAULT);
    }
}
