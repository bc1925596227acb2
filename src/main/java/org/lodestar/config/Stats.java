package org.lodestar.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The {@code stats} keywords. */
public record Stats(boolean enabled, String uri, Optional<Duration> refresh, String realm,
                    List<Credentials> auth, Optional<Condition> admin) {
    public static final String DEFAULT_URI = "/haproxy?stats";
    public static final Stats DISABLED = new Stats(false, DEFAULT_URI, Optional.empty(), "HAProxy Statistics",
            List.of(), Optional.empty());

    public Stats {
        auth = List.copyOf(auth);
    }

    /** {@code stats auth <user>:<password>}. */
    public record Credentials(String user, String password) {
        @Override
        public String toString() {
            return "Credentials[user=" + user + "]";
        }
    }
}
