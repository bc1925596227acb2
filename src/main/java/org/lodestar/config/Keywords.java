package org.lodestar.config;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keyword tables: what is accepted but has no effect inside an application server (each with the reason
 * given in the warning), and every known keyword, for "did you mean" suggestions.
 */
final class Keywords {
    private Keywords() {
    }

    /** An accepted-and-ignored keyword: the sections allowing it and why it is ignored. */
    record Ignored(Set<Section> sections, String reason) {
    }

    private static final Set<Section> GLOBAL_ONLY = EnumSet.of(Section.GLOBAL);
    private static final Set<Section> PROXIES = Section.PROXIES;
    private static final Set<Section> FRONTEND_BACKEND = EnumSet.of(Section.FRONTEND, Section.BACKEND, Section.LISTEN);
    private static final Set<Section> DEFAULTS_FRONTEND = EnumSet.of(Section.DEFAULTS, Section.FRONTEND, Section.LISTEN);
    private static final Set<Section> DEFAULTS_BACKEND = EnumSet.of(Section.DEFAULTS, Section.BACKEND, Section.LISTEN);
    private static final Set<Section> FRONTEND_ONLY = EnumSet.of(Section.FRONTEND, Section.LISTEN);

    private static final String CONTAINER = "it has no effect inside an application server";

    static final Map<String, Ignored> GLOBAL = Map.ofEntries(
            Map.entry("log", new Ignored(GLOBAL_ONLY, "Lodestar logs through java.util.logging (see 'option httplog')")),
            Map.entry("daemon", new Ignored(GLOBAL_ONLY, CONTAINER)),
            Map.entry("user", new Ignored(GLOBAL_ONLY, CONTAINER + " (it runs as the server's user)")),
            Map.entry("group", new Ignored(GLOBAL_ONLY, CONTAINER + " (it runs as the server's group)")),
            Map.entry("uid", new Ignored(GLOBAL_ONLY, CONTAINER + " (it runs as the server's user)")),
            Map.entry("gid", new Ignored(GLOBAL_ONLY, CONTAINER + " (it runs as the server's group)")),
            Map.entry("chroot", new Ignored(GLOBAL_ONLY, CONTAINER)),
            Map.entry("pidfile", new Ignored(GLOBAL_ONLY, CONTAINER)),
            Map.entry("nbproc", new Ignored(GLOBAL_ONLY, CONTAINER + " (the server owns processes and threads)")),
            Map.entry("nbthread", new Ignored(GLOBAL_ONLY, CONTAINER + " (the server owns processes and threads)")),
            Map.entry("ulimit-n", new Ignored(GLOBAL_ONLY, CONTAINER)),
            Map.entry("master-worker", new Ignored(GLOBAL_ONLY, CONTAINER)),
            Map.entry("quiet", new Ignored(GLOBAL_ONLY, CONTAINER)),
            Map.entry("spread-checks", new Ignored(GLOBAL_ONLY, "health checks are not randomised")),
            Map.entry("ca-base", new Ignored(GLOBAL_ONLY, "Lodestar does not use TLS towards servers")),
            Map.entry("crt-base", new Ignored(GLOBAL_ONLY, "TLS is terminated by the application server")),
            Map.entry("maxconn", new Ignored(GLOBAL_ONLY, "the application server's connector limits connections")));

    /** Prefixes of ignored global keywords ({@code tune.bufsize}, {@code ssl-default-bind-ciphers}...). */
    static final Map<String, Ignored> GLOBAL_PREFIXES = Map.of(
            "tune.", new Ignored(GLOBAL_ONLY, "the application server does its own tuning"),
            "ssl-default-", new Ignored(GLOBAL_ONLY, "TLS is terminated by the application server"));

    static final Map<String, Ignored> PROXY = Map.of(
            "log", new Ignored(PROXIES, "Lodestar logs through java.util.logging (see 'option httplog')"),
            "bind", new Ignored(FRONTEND_ONLY, "the application server's HTTP listener accepts the connections"),
            "monitor-uri", new Ignored(DEFAULTS_FRONTEND, "Lodestar's own pages live under /lodestar/"),
            "capture", new Ignored(FRONTEND_ONLY, "Lodestar's access log has no capture fields"),
            "description", new Ignored(FRONTEND_BACKEND, "it is informational only"),
            "id", new Ignored(FRONTEND_BACKEND, "Lodestar identifies proxies by name"),
            "fullconn", new Ignored(DEFAULTS_BACKEND, "dynamic server limits (minconn) are not supported"));

    static final Map<String, Ignored> OPTIONS = Map.of(
            "dontlognull", new Ignored(PROXIES, "connections without a request never reach Lodestar, so there is nothing"
                    + " to leave out of the log"),
            "http-server-close", new Ignored(PROXIES, "the application server manages client connections"),
            "httpclose", new Ignored(PROXIES, "the application server manages client connections"),
            "http-keep-alive", new Ignored(PROXIES, "the application server manages client connections"),
            "forceclose", new Ignored(PROXIES, "the application server manages client connections"),
            "abortonclose", new Ignored(PROXIES, "the application server manages client connections"),
            "log-health-checks", new Ignored(DEFAULTS_BACKEND, "health-check logging is not implemented"),
            "tcplog", new Ignored(PROXIES, "Lodestar logs HTTP requests only; use 'option httplog'"));

    static final Map<String, Ignored> TIMEOUTS = Map.of(
            "http-keep-alive", new Ignored(PROXIES, "the application server manages client connections"),
            "tunnel", new Ignored(PROXIES, "Lodestar does not tunnel connections"),
            "client-fin", new Ignored(PROXIES, "the application server manages client connections"),
            "server-fin", new Ignored(PROXIES, "server connections are pooled by Lodestar"));

    static final Set<String> PROXY_KEYWORDS = Set.of("acl", "balance", "bind", "capture", "clitimeout", "contimeout",
            "default-server", "default_backend", "description", "fullconn", "http-check", "http-request", "id", "log",
            "maxconn", "mode", "monitor-uri", "no", "option", "reqirep", "reqrep", "retries", "server", "srvtimeout",
            "stats", "timeout", "use_backend");

    /** The known keyword closest to {@code word} by edit distance, if within 2; else null. */
    static String suggest(String word) {
        Set<String> all = new TreeSet<>();
        for (Section s : Section.values()) {
            all.add(s.keyword());
        }
        all.addAll(PROXY_KEYWORDS);
        all.addAll(GLOBAL.keySet());
        all.add("server-state-file");
        String best = null;
        int bestDistance = 3;
        for (String k : all) {
            int d = distance(word, k);
            if (d < bestDistance && d < k.length() / 2 + 1 && !k.equals(word)) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
