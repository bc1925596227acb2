package org.lodestar.config;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks that need the whole file, run once its last line is read, as HAProxy's check_config_validity() runs
 * after its parsers: the backends that routing names and the userlists that {@code http_auth} criteria name (both
 * may be declared further down), conditions that check credentials where there are none, the users of the
 * statistics, and the warnings about proxies that cannot work as written. Names declared twice are refused where
 * the second one is read, by the section state machine and the families.
 */
final class ConfigValidator {
    /** An {@code http_auth} or {@code http_auth_group} criterion, and the keyword it was written for. */
    record UserlistReference(String context, Acl.Criterion criterion) {
    }

    private final Diagnostics diagnostics;

    ConfigValidator(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /**
     * @param proxies    the frontend, backend and listen sections in file order
     * @param backends   the names of the backends (and listens), in file order
     * @param userlists  the userlists by name
     * @param references the {@code http_auth} criteria of every section, in file order
     */
    void validate(List<ProxySection> proxies, Set<String> backends, Map<String, Userlist> userlists,
                  List<UserlistReference> references) {
        Set<String> routed = routed(proxies);
        ProxySection catchAll = null;
        for (ProxySection p : proxies) {
            statsUsers(p, routed);
            if (p.isFrontend()) {
                frontend(p, backends, catchAll);
                if (catchAll == null && p.settings.defaultBackend != null) {
                    catchAll = p;
                }
            }
            if (p.isBackend()) {
                backend(p);
            }
        }
        references.forEach(r -> userlist(r, userlists));
        tracks(proxies);
    }

    /**
     * HAProxy's rules for {@code track}: the tracked server exists, the tracking one has no checks of its own
     * (its health is the tracked one's), and a chain of trackers ends at a server that has checks.
     */
    private void tracks(List<ProxySection> proxies) {
        Map<String, Map<String, Server>> servers = new java.util.LinkedHashMap<>();
        for (ProxySection p : proxies) {
            if (p.isBackend()) {
                Map<String, Server> byName = new java.util.LinkedHashMap<>();
                p.servers.forEach(s -> byName.put(s.name(), s));
                servers.put(p.name, byName);
            }
        }
        for (ProxySection p : proxies) {
            for (Server server : p.isBackend() ? p.servers : List.<Server>of()) {
                server.track().ifPresent(target -> track(p.name, server, target, servers));
            }
        }
    }

    private void track(String backend, Server server, Server.Tracked target, Map<String, Map<String, Server>> servers) {
        String ctx = "'server " + server.name() + "' (track " + target + "): ";
        if (server.check()) {
            diagnostics.error(server.line(), ctx + "a tracking server takes the health of the server it tracks and"
                    + " has no checks of its own: remove 'check' (or add 'no-check' if 'default-server' sets it)");
            return;
        }
        Set<String> seen = new LinkedHashSet<>(List.of(backend + "/" + server.name()));
        Server.Tracked next = target;
        while (true) {
            Map<String, Server> inBackend = servers.get(next.backend());
            if (inBackend == null) {
                diagnostics.error(server.line(), ctx + "no backend named '" + next.backend() + "'");
                return;
            }
            Server tracked = inBackend.get(next.server());
            if (tracked == null) {
                diagnostics.error(server.line(), ctx + "backend '" + next.backend() + "' has no server '" + next.server()
                        + "'" + UserlistParser.among("servers", inBackend.keySet()));
                return;
            }
            if (!seen.add(next.toString())) {
                diagnostics.error(server.line(), ctx + "the servers track each other in a loop ("
                        + String.join(" -> ", seen) + " -> " + next + "): one of them must have checks");
                return;
            }
            if (tracked.check()) {
                return;
            }
            if (tracked.track().isEmpty()) {
                diagnostics.error(server.line(), ctx + "server " + next + " has no 'check': a tracked server must be"
                        + " health-checked (or track one that is)");
                return;
            }
            next = tracked.track().get();
        }
    }

    /** The backends some frontend routes to. */
    private static Set<String> routed(List<ProxySection> proxies) {
        Set<String> routed = new LinkedHashSet<>();
        for (ProxySection p : proxies) {
            if (p.isFrontend()) {
                p.pendingRules.forEach(r -> routed.add(r.backend()));
                if (p.settings.defaultBackend != null) {
                    routed.add(p.settings.defaultBackend);
                }
            }
        }
        return routed;
    }

    /** @param catchAll the first frontend before {@code p} with a default_backend, which takes every request */
    private void frontend(ProxySection p, Set<String> backends, ProxySection catchAll) {
        ProxySettings s = p.settings;
        for (SwitchRule rule : p.switchRules()) {
            backend("use_backend", rule.backend(), rule.line(), backends);
            noCredentials("use_backend", rule.condition(), rule.line());
        }
        if (s.defaultBackend != null) {
            backend("default_backend", s.defaultBackend, s.defaultBackendLine, backends);
        }
        String kw = p.kind.keyword();
        if (catchAll != null) {
            diagnostics.warn(p.line, kw + " '" + p.name + "' is never reached: " + catchAll.kind.keyword() + " '"
                    + catchAll.name + "' (line " + catchAll.line + ") has a default_backend");
        }
        if (p.pendingRules.isEmpty() && s.defaultBackend == null) {
            diagnostics.warn(p.line, kw + " '" + p.name + "' has no 'use_backend' and no 'default_backend': it never"
                    + " routes a request");
        }
        if (s.client == null) {
            diagnostics.warn(p.line, kw + " '" + p.name + "' has no 'timeout client'");
        }
    }

    private void backend(ProxySection p) {
        ProxySettings s = p.settings;
        String kw = p.kind.keyword();
        if (p.servers.isEmpty()) {
            diagnostics.warn(p.line, kw + " '" + p.name + "' has no server: requests routed to it get 503");
        }
        if (s.connect == null) {
            diagnostics.warn(p.line, kw + " '" + p.name + "' has no 'timeout connect'; Lodestar uses "
                    + human(Timeouts.DEFAULT_CONNECT));
        }
        if (s.server == null) {
            diagnostics.warn(p.line, kw + " '" + p.name + "' has no 'timeout server'; Lodestar uses "
                    + human(Timeouts.DEFAULT_SERVER));
        }
        if (s.httpchk == null && s.httpCheckLine > 0) {
            diagnostics.warn(s.httpCheckLine, "'http-check' has no effect in " + kw + " '" + p.name
                    + "' without 'option httpchk'");
        }
        p.rewrites().forEach(r -> r.condition().ifPresent(c -> noCredentials("http-request", c, r.line())));
    }

    private void backend(String kw, String name, int at, Set<String> backends) {
        if (!backends.contains(name)) {
            diagnostics.error(at, "'" + kw + "': no backend named '" + name + "'"
                    + (backends.isEmpty() ? " (there is no backend)" : " (backends: " + String.join(", ", backends)
                    + ")"));
        }
    }

    /** http_auth ACLs need the credentials Lodestar checks for its own pages; the proxied traffic has none. */
    private void noCredentials(String kw, Condition condition, int at) {
        if (!condition.userlists().isEmpty()) {
            diagnostics.error(at, "'" + kw + "': its condition checks credentials (http_auth, http_auth_group), which"
                    + " Lodestar evaluates only in 'stats http-request auth' and 'stats admin' conditions");
        }
    }

    /** What HAProxy refuses or what cannot let anybody in, about the users of a section's statistics. */
    private void statsUsers(ProxySection p, Set<String> routed) {
        List<Stats.AuthRule> rules = p.stats().authRules();
        if (!rules.isEmpty() && p.statsAuthOrRealmLine > 0) {
            diagnostics.error(rules.get(0).line(), "'stats http-request' cannot be used with 'stats auth' or 'stats"
                    + " realm' in the same section (line " + p.statsAuthOrRealmLine + "), as in HAProxy: put the"
                    + " users in a userlist and the realm on the rule ('stats http-request auth realm <realm>')");
        }
        for (Stats.AuthRule rule : rules) {
            if (rule.condition().map(c -> c.userlists().isEmpty()).orElse(true)) {
                diagnostics.warn(rule.line(), "'stats http-request auth' checks no userlist (http_auth(<userlist>) or"
                        + " http_auth_group(<userlist>) <group>): nobody can log in through it, Lodestar never"
                        + " serves the statistics without a login");
            }
        }
        if (p.kind == Section.BACKEND && p.statsAuthLine > 0 && !routed.contains(p.name)) {
            diagnostics.warn(p.line, "backend '" + p.name + "' only serves to declare 'stats auth' users (no frontend"
                    + " routes to it), yet it shows as a proxy on the stats page: declare the users in a 'userlist'"
                    + " section instead (see 'userlist' in docs/configuration.md)");
        }
    }

    /** The userlist an http_auth criterion names, and the groups an http_auth_group criterion names in it. */
    private void userlist(UserlistReference reference, Map<String, Userlist> userlists) {
        Acl.Criterion c = reference.criterion();
        Userlist list = userlists.get(c.argument());
        if (list == null) {
            diagnostics.error(c.line(), reference.context() + ": no userlist named '" + c.argument() + "'"
                    + (userlists.isEmpty() ? " (there is no userlist)" : " (userlists: "
                    + String.join(", ", userlists.keySet()) + ")"));
            return;
        }
        for (String group : c.patterns()) {
            if (!list.groups().containsKey(group)) {
                diagnostics.error(c.line(), reference.context() + ": userlist '" + list.name() + "' has no group '"
                        + group + "'" + UserlistParser.among("groups", list.groups().keySet()));
            }
        }
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
