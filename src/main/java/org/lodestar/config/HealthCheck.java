package org.lodestar.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code option httpchk} with {@code http-check send}, {@code http-check expect} and
 * {@code http-check lodestar-report}. Without {@code option httpchk}, {@code httpchk} is empty and a check is a
 * TCP connect.
 *
 * @param report       {@code http-check lodestar-report <regex>}: found in a check response's body, its first
 *                     group (else the whole match) is the state the server reports of itself, shown beside the
 *                     check's verdict
 * @param fastFailover {@code option lodestar-fast-failover}: Lodestar's deviations from HAProxy that make
 *                     it follow a leader within a second
 */
public record HealthCheck(Optional<HttpCheck> httpchk, List<Expect> expects, Optional<Pattern> report,
                          FastFailover fastFailover) {
    public static final HealthCheck TCP = new HealthCheck(Optional.empty(), List.of(), Optional.empty(),
            FastFailover.DEFAULT);

    public HealthCheck {
        expects = List.copyOf(expects);
    }

    /** The request sent; defaults {@code OPTIONS / HTTP/1.0}. */
    public record HttpCheck(String method, String uri, String version, Map<String, String> headers) {
        public HttpCheck {
            headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
        }
    }

    /** {@code http-check expect [!] <kind> <pattern>}. {@code regex} is set for the r-kinds. */
    public record Expect(boolean negated, Kind kind, String pattern, Pattern regex, int line) {
    }

    /**
     * {@code [no] option lodestar-fast-failover [<interval>]}. When enabled (the default): servers take
     * no traffic until their first check passed, a server whose last check failed takes none either,
     * servers that are DOWN or changing state are checked at most {@code interval} apart, a change of
     * any check result re-checks the whole backend at once, and a connection failure or 5xx from a
     * server on live traffic re-checks that server at once. Disabled: exactly HAProxy's behaviour.
     */
    public record FastFailover(boolean enabled, java.time.Duration interval) {
        public static final java.time.Duration DEFAULT_INTERVAL = java.time.Duration.ofMillis(250);
        public static final FastFailover DEFAULT = new FastFailover(true, DEFAULT_INTERVAL);
        public static final FastFailover HAPROXY = new FastFailover(false, DEFAULT_INTERVAL);
    }

    public enum Kind {
        STATUS, RSTATUS, STRING, RSTRING
    }
}
