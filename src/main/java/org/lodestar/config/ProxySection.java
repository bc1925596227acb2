package org.lodestar.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A frontend, backend or listen section being read: the settings it inherited from {@code defaults} and those its
 * own lines set, and what only a proxy has (ACLs, {@code use_backend} rules, servers, rewrites). The keyword
 * families write into it; its conditions name ACLs that are resolved only once the whole section is read, as an ACL
 * declared again further down extends the one already referenced, and then it becomes its records.
 */
final class ProxySection {
    /** A {@code use_backend} rule, its condition not resolved yet. */
    record PendingRule(String backend, ConditionParser.Pending condition, int line) {
    }

    final Section kind;
    final String name;
    final int line;
    final ProxySettings settings;
    final Map<String, List<Acl.Criterion>> acls = new LinkedHashMap<>();
    final List<PendingRule> pendingRules = new ArrayList<>();
    final List<Server> servers = new ArrayList<>();
    /** The rewrites, each made once the section's ACLs are known. */
    final List<Function<Map<String, Acl>, RequestRewrite>> pendingRewrites = new ArrayList<>();
    /** The section's own first {@code stats auth} or {@code stats realm} line (not inherited), 0 if none. */
    int statsAuthOrRealmLine;
    /** The section's own first {@code stats auth} line, 0 if none. */
    int statsAuthLine;

    ProxySection(Section kind, String name, int line, ProxySettings defaults) {
        this.kind = kind;
        this.name = name;
        this.line = line;
        this.settings = defaults.inherit();
        if (kind == Section.LISTEN) {
            // A listen section routes to its own backend unless its own default_backend says otherwise.
            settings.defaultBackend = name;
            settings.defaultBackendLine = line;
        }
    }

    boolean isFrontend() {
        return kind.isFrontend();
    }

    boolean isBackend() {
        return kind.isBackend();
    }

    /** The section's ACLs, each the OR of its declarations: what its conditions name, once it is read. */
    private Map<String, Acl> finalAcls() {
        Map<String, Acl> m = new HashMap<>();
        acls.forEach((n, c) -> m.put(n, new Acl(n, c)));
        return m;
    }

    List<SwitchRule> switchRules() {
        Map<String, Acl> acls = finalAcls();
        return pendingRules.stream().map(r -> new SwitchRule(r.backend(), r.condition().resolve(acls), r.line()))
                .toList();
    }

    List<RequestRewrite> rewrites() {
        Map<String, Acl> acls = finalAcls();
        return pendingRewrites.stream().map(f -> f.apply(acls)).toList();
    }

    Stats stats() {
        return settings.stats(finalAcls());
    }

    /** The frontend of a frontend or listen section, as the rest of Lodestar sees it. */
    Frontend toFrontend() {
        ProxySettings s = settings;
        return new Frontend(name, line, switchRules(), Optional.ofNullable(s.defaultBackend), s.maxconn, s.timeouts(),
                s.log(), s.forwardFor, stats(), Optional.ofNullable(s.monitorUri));
    }

    /** The backend of a backend or listen section, as the rest of Lodestar sees it. */
    Backend toBackend() {
        ProxySettings s = settings;
        return new Backend(name, line, s.balance, servers, s.retries, s.redispatch, s.timeouts(), rewrites(),
                s.healthCheck(), s.log(), s.forwardFor, stats());
    }
}
