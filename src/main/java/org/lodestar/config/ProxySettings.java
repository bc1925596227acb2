package org.lodestar.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@code defaults} section hands down to the proxies declared after it: everything but ACLs,
 * {@code use_backend} rules, servers and rewrites.
 */
final class ProxySettings {
    boolean httplog;
    boolean clf;
    boolean dontlognull;
    Backend.Redispatch redispatch = Backend.Redispatch.OFF;
    HealthCheck.FastFailover fastFailover = HealthCheck.FastFailover.DEFAULT;
    ForwardFor forwardFor = ForwardFor.DEFAULT;
    Backend.Balance balance = Backend.Balance.ROUNDROBIN;
    int retries = Backend.DEFAULT_RETRIES;
    int maxconn;
    Duration connect;
    Duration client;
    Duration server;
    Duration queue;
    Duration check;
    Duration httpRequest;
    /** {@code option httpchk}; null when checks are plain TCP connects. */
    HealthCheck.HttpCheck httpchk;
    String sendMethod;
    String sendUri;
    String sendVersion;
    Map<String, String> sendHeaders = new LinkedHashMap<>();
    List<HealthCheck.Expect> expects = new ArrayList<>();
    /** True while {@code expects} came from defaults: the proxy's first own expect replaces them. */
    boolean expectsInherited;
    /** {@code http-check lodestar-report}: what a check response says of the server's state; null if none. */
    java.util.regex.Pattern report;
    /** Line of the first {@code http-check} line in effect, 0 if none. */
    int httpCheckLine;
    ServerOptions serverDefaults = new ServerOptions();
    boolean statsEnabled;
    String statsUri = Stats.DEFAULT_URI;
    Duration statsRefresh;
    String statsRealm = Stats.DISABLED.realm();
    List<Stats.Credentials> statsAuth = new ArrayList<>();
    ConditionParser.Pending statsAdmin;
    /** {@code stats http-request auth} rules; a proxy's own (not allowed in defaults, so never inherited). */
    List<PendingAuthRule> statsAuthRules = new ArrayList<>();
    /**
     * {@code default_backend}: that of a defaults section is inherited by the frontends after it (a listen section
     * has its own name instead); a backend inherits it unused.
     */
    String defaultBackend;
    int defaultBackendLine;
    /** {@code monitor-uri}; null when the frontend has none. */
    String monitorUri;

    /** A {@code stats http-request auth} rule whose ACLs are resolved when its section ends. */
    record PendingAuthRule(Optional<String> realm, ConditionParser.Pending condition, int line) {
    }

    /** A copy for a proxy inheriting these settings. */
    ProxySettings inherit() {
        ProxySettings s = new ProxySettings();
        s.httplog = httplog;
        s.clf = clf;
        s.dontlognull = dontlognull;
        s.redispatch = redispatch;
        s.fastFailover = fastFailover;
        s.forwardFor = forwardFor;
        s.balance = balance;
        s.retries = retries;
        s.maxconn = maxconn;
        s.monitorUri = monitorUri;
        s.connect = connect;
        s.client = client;
        s.server = server;
        s.queue = queue;
        s.check = check;
        s.httpRequest = httpRequest;
        s.httpchk = httpchk;
        s.sendMethod = sendMethod;
        s.sendUri = sendUri;
        s.sendVersion = sendVersion;
        s.sendHeaders = new LinkedHashMap<>(sendHeaders);
        s.expects = new ArrayList<>(expects);
        s.expectsInherited = !expects.isEmpty();
        s.httpCheckLine = httpCheckLine;
        s.report = report;
        s.serverDefaults = serverDefaults.copy();
        s.statsEnabled = statsEnabled;
        s.statsUri = statsUri;
        s.statsRefresh = statsRefresh;
        s.statsRealm = statsRealm;
        s.statsAuth = new ArrayList<>(statsAuth);
        s.statsAdmin = statsAdmin;
        s.defaultBackend = defaultBackend;
        s.defaultBackendLine = defaultBackendLine;
        return s;
    }

    Timeouts timeouts() {
        return new Timeouts(Optional.ofNullable(connect), Optional.ofNullable(client), Optional.ofNullable(server),
                Optional.ofNullable(queue), Optional.ofNullable(check), Optional.ofNullable(httpRequest));
    }

    LogOptions log() {
        return new LogOptions(httplog, clf, dontlognull);
    }

    HealthCheck healthCheck() {
        if (httpchk == null) {
            return new HealthCheck(Optional.empty(), List.of(), Optional.empty(), fastFailover);
        }
        Map<String, String> headers = new LinkedHashMap<>(httpchk.headers());
        headers.putAll(sendHeaders);
        HealthCheck.HttpCheck request = new HealthCheck.HttpCheck(
                sendMethod != null ? sendMethod : httpchk.method(),
                sendUri != null ? sendUri : httpchk.uri(),
                sendVersion != null ? sendVersion : httpchk.version(), headers);
        return new HealthCheck(Optional.of(request), expects, Optional.ofNullable(report), fastFailover);
    }

    Stats stats(Map<String, Acl> acls) {
        List<Stats.AuthRule> authRules = statsAuthRules.stream().map(r -> new Stats.AuthRule(r.realm(),
                Optional.ofNullable(r.condition()).map(p -> p.resolve(acls)), r.line())).toList();
        return new Stats(statsEnabled, statsUri, Optional.ofNullable(statsRefresh), statsRealm, statsAuth,
                Optional.ofNullable(statsAdmin).map(p -> p.resolve(acls)), authRules);
    }
}
