package org.lodestar.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code option httpchk} with {@code http-check send} and {@code http-check expect}. Without
 * {@code option httpchk}, {@code httpchk} is empty and a check is a TCP connect.
 */
public record HealthCheck(Optional<HttpCheck> httpchk, List<Expect> expects) {
    public static final HealthCheck TCP = new HealthCheck(Optional.empty(), List.of());

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

    public enum Kind {
        STATUS, RSTATUS, STRING, RSTRING
    }
}
