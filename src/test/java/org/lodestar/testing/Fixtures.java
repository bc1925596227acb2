package org.lodestar.testing;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.lodestar.config.Backend;
import org.lodestar.config.Config;
import org.lodestar.config.Frontend;
import org.lodestar.config.HealthCheck;
import org.lodestar.config.HealthCheck.Expect;
import org.lodestar.config.HealthCheck.Kind;
import org.lodestar.config.Timeouts;

/**
 * The configuration records tests build, in one place: builders with the parser's defaults instead of a
 * positional constructor in every test package, so a record that gains a field changes here only.
 * {@code org.lodestar.config.FixturesTest} pins the defaults to what the parser makes of the same lines.
 *
 * <p>Tests that want a configuration as a user writes it parse the text instead ({@code ConfigParser});
 * these builders are for the unit tests of what comes after the parser, including records the parser
 * would refuse (a rule naming a missing backend, to test the router's own guard).
 */
public final class Fixtures {
    private Fixtures() {
    }

    /** {@code server NAME 127.0.0.1:8000}, without options. */
    public static ServerBuilder server(String name) {
        return new ServerBuilder(name);
    }

    /** {@code backend NAME}: roundrobin, no server, no option. */
    public static BackendBuilder backend(String name) {
        return new BackendBuilder(name);
    }

    /** {@code frontend NAME}: no rule, no default backend. */
    public static FrontendBuilder frontend(String name) {
        return new FrontendBuilder(name);
    }

    /** A configuration named {@code test.cfg} of these frontends (in this order) and backends. */
    public static Config config(List<Frontend> frontends, Backend... backends) {
        Map<String, Backend> byName = new LinkedHashMap<>();
        for (Backend backend : backends) {
            byName.put(backend.name(), backend);
        }
        return new Config("test.cfg", frontends, byName, List.of());
    }

    /** {@code timeout check CHECK}, and no other timeout. */
    public static Timeouts timeoutCheck(Duration check) {
        return new Timeouts(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(check),
                Optional.empty());
    }

    /** {@code option httpchk METHOD URI} with these {@code http-check expect} rules, and fast failover. */
    public static HealthCheck httpchk(String method, String uri, Map<String, String> headers, String... expects) {
        return new HealthCheck(Optional.of(new HealthCheck.HttpCheck(method, uri, "HTTP/1.1", headers)),
                Arrays.stream(expects).map(Fixtures::expect).toList(), Optional.empty(), HealthCheck.FastFailover.DEFAULT);
    }

    /** {@code option httpchk GET /} with these {@code http-check expect} rules. */
    public static HealthCheck httpchk(String... expects) {
        return httpchk("GET", "/", Map.of(), expects);
    }

    /** {@code http-check expect [!] KIND PATTERN}, the regex compiled as the parser does (no flags). */
    public static Expect expect(String rule) {
        boolean negated = rule.startsWith("!");
        String[] words = (negated ? rule.substring(1).trim() : rule).split(" ", 2);
        Kind kind = Kind.valueOf(words[0].toUpperCase(Locale.ROOT));
        Pattern regex = kind == Kind.RSTATUS || kind == Kind.RSTRING ? Pattern.compile(words[1]) : null;
        return new Expect(negated, kind, words[1], regex, 1);
    }
}
