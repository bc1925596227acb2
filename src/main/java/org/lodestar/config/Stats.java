package org.lodestar.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code stats} keywords.
 *
 * @param authRules the {@code stats http-request auth} rules, in file order
 */
public record Stats(boolean enabled, String uri, Optional<Duration> refresh, String realm,
                    List<Credentials> auth, Optional<Condition> admin, List<AuthRule> authRules) {
    public static final String DEFAULT_URI = "/haproxy?stats";
    public static final Stats DISABLED = new Stats(false, DEFAULT_URI, Optional.empty(), "HAProxy Statistics",
            List.of(), Optional.empty(), List.of());

    public Stats {
        auth = List.copyOf(auth);
        authRules = List.copyOf(authRules);
    }

    /** {@code stats auth <user>:<password>}. */
    public record Credentials(String user, String password) {
        @Override
        public String toString() {
            return "Credentials[user=" + user + "]";
        }
    }

    /**
     * {@code stats http-request auth [realm <realm>] [if|unless <condition>]}: asks for credentials again when
     * the condition holds (always, without one), typically {@code unless} an {@code http_auth} ACL.
     */
    public record AuthRule(Optional<String> realm, Optional<Condition> condition, int line) {
    }
}
