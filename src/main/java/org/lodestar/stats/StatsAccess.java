package org.lodestar.stats;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.lodestar.config.Acl;
import org.lodestar.config.Condition;
import org.lodestar.config.Config;
import org.lodestar.config.Stats;

/**
 * Who may read the statistics and where HAProxy's stats URI is, from the configuration's {@code stats}
 * keywords. Inside an application server every frontend shares one HTTP listener, so Lodestar serves one
 * statistics endpoint for the whole configuration:
 *
 * <ul>
 * <li>its {@code stats uri} and {@code stats realm} are those of the first proxy in file order with
 * stats enabled (a listen section counts as a frontend; frontends are considered before backends);
 * with none, the stats URI is not intercepted and the realm is HAProxy's default;</li>
 * <li>its users are the {@code stats auth} lines of every proxy with stats enabled; a user is an
 * administrator when a proxy that lists it has a {@code stats admin} condition that can hold (anything
 * but a condition that is false whatever the request, such as {@code if FALSE} or {@code unless TRUE}),
 * otherwise a viewer.</li>
 * </ul>
 */
public final class StatsAccess {
    /** The role that may read the statistics. */
    public static final String VIEWER = "lodestar-viewer";
    /** The role that may also act on servers (a later release); it may read as well. */
    public static final String ADMIN = "lodestar-admin";

    /** What a request to the stats URI asks for: {@code ;csv}, {@code ;json}, or the HTML page. */
    public enum Export {
        CSV, JSON, PAGE
    }

    /** A {@code stats auth} user and the role it gets. */
    public record User(String name, String password, String role) {
        @Override
        public String toString() {
            return "User[name=" + name + ", role=" + role + "]";
        }
    }

    private final Optional<String> uri;
    private final String realm;
    private final Optional<Duration> refresh;
    private final Map<String, List<User>> users;

    private StatsAccess(Optional<String> uri, String realm, Optional<Duration> refresh,
                        Map<String, List<User>> users) {
        this.uri = uri;
        this.realm = realm;
        this.refresh = refresh;
        this.users = users;
    }

    public static StatsAccess of(Config config) {
        List<Stats> enabled = Stream.concat(config.frontends().stream().map(f -> f.stats()),
                config.backends().values().stream().map(b -> b.stats())).filter(Stats::enabled).toList();
        Optional<Stats> first = enabled.stream().findFirst();
        Map<String, List<User>> users = new LinkedHashMap<>();
        for (Stats stats : enabled) {
            String role = stats.admin().filter(StatsAccess::canHold).isPresent() ? ADMIN : VIEWER;
            for (Stats.Credentials credentials : stats.auth()) {
                User user = new User(credentials.user(), credentials.password(), role);
                List<User> same = users.computeIfAbsent(user.name(), name -> new ArrayList<>());
                if (!same.contains(user)) {
                    same.add(user);
                }
            }
        }
        users.replaceAll((name, list) -> List.copyOf(list));
        return new StatsAccess(first.map(Stats::uri), first.map(Stats::realm).orElse(Stats.DISABLED.realm()),
                first.flatMap(Stats::refresh), Map.copyOf(users));
    }

    /** The stats URI Lodestar answers instead of proxying, when some proxy has stats enabled. */
    public Optional<String> uri() {
        return uri;
    }

    /** The HTML page's refresh interval ({@code stats refresh} of the same proxy as the URI), if any. */
    public Optional<Duration> refresh() {
        return refresh;
    }

    /** The realm named in {@code WWW-Authenticate}. */
    public String realm() {
        return realm;
    }

    /**
     * What a request for {@code pathAndQuery} (raw, relative to the application, query after {@code ?})
     * asks of the stats URI, if it is one. As in HAProxy, a request is for the stats URI when it starts
     * with it; {@code ;csv} or {@code ;json} right after it selects an export.
     */
    public Optional<Export> exportAt(String pathAndQuery) {
        if (uri.isEmpty() || !pathAndQuery.startsWith(uri.get())) {
            return Optional.empty();
        }
        String rest = pathAndQuery.substring(uri.get().length());
        if (option(rest, ";csv")) {
            return Optional.of(Export.CSV);
        }
        if (option(rest, ";json")) {
            return Optional.of(Export.JSON);
        }
        return Optional.of(Export.PAGE);
    }

    private static boolean option(String rest, String option) {
        return rest.startsWith(option) && (rest.length() == option.length()
                || rest.charAt(option.length()) == ';' || rest.charAt(option.length()) == '&');
    }

    /**
     * The roles of the user whose password this is, or none. Every password configured for the name is
     * compared in full, in time independent of where the strings differ.
     */
    public List<String> authenticate(String name, String password) {
        List<String> roles = new ArrayList<>();
        byte[] given = password.getBytes(StandardCharsets.UTF_8);
        List<User> candidates = users.getOrDefault(name, List.of());
        if (candidates.isEmpty()) {
            // The same work as for a known name, so the time taken does not tell which names exist.
            MessageDigest.isEqual(given, given.clone());
        }
        for (User user : candidates) {
            if (MessageDigest.isEqual(user.password().getBytes(StandardCharsets.UTF_8), given)
                    && !roles.contains(user.role())) {
                roles.add(user.role());
            }
        }
        return List.copyOf(roles);
    }

    /** Whether any {@code stats auth} user exists. */
    public boolean hasUsers() {
        return !users.isEmpty();
    }

    /**
     * False only for a condition no request can satisfy: every alternative contains an always-false term
     * ({@code if}), or some alternative holds for every request ({@code unless}).
     */
    static boolean canHold(Condition condition) {
        if (condition.unless()) {
            return condition.alternatives().stream().noneMatch(group -> group.stream().allMatch(StatsAccess::alwaysTrue));
        }
        return condition.alternatives().stream().anyMatch(group -> group.stream().noneMatch(StatsAccess::alwaysFalse));
    }

    private static boolean always(Condition.Term term) {
        return !term.acl().criteria().isEmpty()
                && term.acl().criteria().stream().allMatch(c -> c.fetch() == Acl.Fetch.ALWAYS);
    }

    private static boolean alwaysTrue(Condition.Term term) {
        return always(term) && !term.negated();
    }

    private static boolean alwaysFalse(Condition.Term term) {
        return always(term) && term.negated();
    }
}
