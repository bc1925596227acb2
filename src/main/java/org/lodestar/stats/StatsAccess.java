package org.lodestar.stats;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.lodestar.config.Condition;
import org.lodestar.config.Config;
import org.lodestar.config.Stats;
import org.lodestar.config.Userlist;

/**
 * Who may read the statistics and where HAProxy's stats URI is, from the configuration's {@code stats}
 * keywords. Inside an application server every frontend shares one HTTP listener, so Lodestar serves one
 * statistics endpoint for the whole configuration:
 *
 * <ul>
 * <li>its {@code stats uri} and {@code stats realm} are those of the first proxy in file order with
 * stats enabled (a listen section counts as a frontend; frontends are considered before backends);
 * with none, the stats URI is not intercepted and the realm is HAProxy's default;</li>
 * <li>its users are those of every proxy with stats enabled: the proxy's {@code stats auth} lines, and the
 * users of the userlists its {@code stats http-request auth} rules check ({@code unless http_auth(L)}) whom no
 * such rule would ask to log in again;</li>
 * <li>a user is an administrator when such a proxy has a {@code stats admin} condition that can hold for it
 * (anything but a condition that is false whatever the request, such as {@code if FALSE}, {@code unless TRUE},
 * or {@code if AUTH_ADMIN} for a user outside the ACL's {@code http_auth_group}), otherwise a viewer.</li>
 * </ul>
 *
 * <p>Conditions are evaluated once per login, for the caller, not per request: a term about the request
 * ({@code LOCALHOST}, a path) counts as one that may hold (see {@link CallerCondition}).
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

    /**
     * Who a proxy with stats enabled lets in: its {@code stats auth} users, and through its
     * {@code stats http-request auth} rules the users of {@code userlists} (those the rules check).
     */
    private record Section(List<Stats.Credentials> auth, List<Stats.AuthRule> rules, Set<String> userlists,
                           Optional<Condition> admin) {
    }

    private final Optional<String> uri;
    private final String realm;
    private final Optional<Duration> refresh;
    private final List<Section> sections;
    private final UserlistLogins logins;

    private StatsAccess(Optional<String> uri, String realm, Optional<Duration> refresh, List<Section> sections,
                        UserlistLogins logins) {
        this.uri = uri;
        this.realm = realm;
        this.refresh = refresh;
        this.sections = sections;
        this.logins = logins;
    }

    public static StatsAccess of(Config config) {
        List<Stats> enabled = Stream.concat(config.frontends().stream().map(f -> f.stats()),
                config.backends().values().stream().map(b -> b.stats())).filter(Stats::enabled).toList();
        Optional<Stats> first = enabled.stream().findFirst();
        List<Section> sections = new ArrayList<>();
        Set<String> checked = new LinkedHashSet<>();
        for (Stats stats : enabled) {
            Set<String> userlists = new LinkedHashSet<>();
            stats.authRules().forEach(rule -> rule.condition().ifPresent(c -> userlists.addAll(c.userlists())));
            sections.add(new Section(stats.auth(), stats.authRules(), Set.copyOf(userlists), stats.admin()));
            checked.addAll(userlists);
            stats.admin().ifPresent(c -> checked.addAll(c.userlists()));
        }
        Map<String, Userlist> lists = new LinkedHashMap<>(config.userlists());
        lists.keySet().retainAll(checked);
        // A rule's realm is the one its 401 names, as in HAProxy; else the proxy's stats realm.
        String realm = first.map(s -> s.authRules().stream().flatMap(r -> r.realm().stream()).findFirst()
                .orElse(s.realm())).orElse(Stats.DISABLED.realm());
        return new StatsAccess(first.map(Stats::uri), realm, first.flatMap(Stats::refresh), List.copyOf(sections),
                new UserlistLogins(lists));
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
     * The roles of the user whose password this is, or none. {@code stats auth} passwords configured for the
     * name are compared in full, in time independent of where the strings differ; userlist passwords as
     * {@link UserlistLogins} does.
     */
    public List<String> authenticate(String name, String password) {
        Caller caller = logins.login(name, password);
        byte[] given = password.getBytes(StandardCharsets.UTF_8);
        List<String> roles = new ArrayList<>();
        boolean named = false;
        for (Section section : sections) {
            boolean in = false;
            for (Stats.Credentials credentials : section.auth()) {
                if (credentials.user().equals(name)) {
                    named = true;
                    in |= MessageDigest.isEqual(credentials.password().getBytes(StandardCharsets.UTF_8), given);
                }
            }
            in |= passesRules(section, caller);
            String role = section.admin().filter(c -> CallerCondition.canApply(c, caller)).isPresent() ? ADMIN : VIEWER;
            if (in && !roles.contains(role)) {
                roles.add(role);
            }
        }
        if (!named) {
            // The same work as for a stats auth name, so the time taken does not tell which names exist.
            MessageDigest.isEqual(given, given.clone());
        }
        return List.copyOf(roles);
    }

    /**
     * Logged in through a userlist the section's rules check, and asked by none of its rules to log in again.
     * A section whose rules check no userlist lets nobody in this way: nothing here is anonymous.
     */
    private static boolean passesRules(Section section, Caller caller) {
        return section.userlists().stream().anyMatch(caller::authenticatedIn) && section.rules().stream()
                .noneMatch(rule -> rule.condition().map(c -> CallerCondition.canApply(c, caller)).orElse(true));
    }

    /** How many userlist users have a remembered password now (see {@link UserlistLogins}). */
    int rememberedLogins() {
        return logins.remembered();
    }

    /** Whether anybody can log in: a {@code stats auth} user or a {@code stats http-request auth} rule. */
    public boolean hasUsers() {
        return sections.stream().anyMatch(s -> !s.auth().isEmpty() || !s.userlists().isEmpty());
    }
}
