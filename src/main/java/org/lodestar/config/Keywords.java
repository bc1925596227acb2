package org.lodestar.config;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
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
    private static final Set<Section> BACKEND_ONLY = EnumSet.of(Section.BACKEND, Section.LISTEN);

    private static final String CONTAINER = "it has no effect inside an application server";

    static final String LOGGING = "Lodestar logs through java.util.logging (see 'option httplog')";

    private static final Map<String, Keyword> GLOBAL = index(List.of(
            new Keyword("stats", GLOBAL_ONLY, ConfigParser::globalStats),
            new Keyword("server-state-file", GLOBAL_ONLY, ConfigParser::serverStateFile),
            new Keyword("maxconn", GLOBAL_ONLY, ConfigParser::globalMaxconn),
            Keyword.ignored("log", GLOBAL_ONLY, LOGGING),
            Keyword.ignored("daemon", GLOBAL_ONLY, CONTAINER),
            Keyword.ignored("user", GLOBAL_ONLY, CONTAINER + " (it runs as the server's user)"),
            Keyword.ignored("group", GLOBAL_ONLY, CONTAINER + " (it runs as the server's group)"),
            Keyword.ignored("uid", GLOBAL_ONLY, CONTAINER + " (it runs as the server's user)"),
            Keyword.ignored("gid", GLOBAL_ONLY, CONTAINER + " (it runs as the server's group)"),
            Keyword.ignored("chroot", GLOBAL_ONLY, CONTAINER),
            Keyword.ignored("pidfile", GLOBAL_ONLY, CONTAINER),
            Keyword.ignored("nbproc", GLOBAL_ONLY, CONTAINER + " (the server owns processes and threads)"),
            Keyword.ignored("nbthread", GLOBAL_ONLY, CONTAINER + " (the server owns processes and threads)"),
            Keyword.ignored("ulimit-n", GLOBAL_ONLY, CONTAINER),
            Keyword.ignored("master-worker", GLOBAL_ONLY, CONTAINER),
            Keyword.ignored("quiet", GLOBAL_ONLY, CONTAINER),
            Keyword.ignored("spread-checks", GLOBAL_ONLY, "health checks are not randomised"),
            Keyword.ignored("ca-base", GLOBAL_ONLY, "Lodestar does not use TLS towards servers"),
            Keyword.ignored("crt-base", GLOBAL_ONLY, "TLS is terminated by the application server")));

    /** Prefixes of ignored global keywords ({@code tune.bufsize}, {@code ssl-default-bind-ciphers}...). */
    private static final Map<String, String> GLOBAL_PREFIXES = Map.of(
            "tune.", "the application server does its own tuning",
            "ssl-default-", "TLS is terminated by the application server");

    private static final Map<String, Keyword> PROXY = index(ServerKeywords.KEYWORDS, TimeoutKeywords.KEYWORDS, OptionKeywords.KEYWORDS,
            AclKeywords.KEYWORDS, RoutingKeywords.KEYWORDS, RewriteKeywords.KEYWORDS,
            HttpCheckKeywords.KEYWORDS, StatsKeywords.KEYWORDS, List.of(
            new Keyword("mode", PROXIES, ConfigParser::mode),
            new Keyword("balance", DEFAULTS_BACKEND, ConfigParser::balance),
            new Keyword("retries", DEFAULTS_BACKEND, ConfigParser::retries),
            new Keyword("maxconn", DEFAULTS_FRONTEND, ConfigParser::maxconn),
            Keyword.ignored("log", PROXIES, LOGGING),
            Keyword.ignored("bind", FRONTEND_ONLY, "the application server's HTTP listener accepts the connections"),
            Keyword.ignored("monitor-uri", DEFAULTS_FRONTEND, "Lodestar's own pages live under /lodestar/"),
            Keyword.ignored("capture", FRONTEND_ONLY, "Lodestar's access log has no capture fields"),
            Keyword.ignored("description", FRONTEND_BACKEND, "it is informational only"),
            Keyword.ignored("id", FRONTEND_BACKEND, "Lodestar identifies proxies by name"),
            Keyword.ignored("fullconn", DEFAULTS_BACKEND, "dynamic server limits (minconn) are not supported")));

    /** The keyword {@code word} of a global or proxy section; null if there is none. */
    static Keyword in(Section section, String word) {
        if (section != Section.GLOBAL) {
            return PROXY.get(word);
        }
        Keyword keyword = GLOBAL.get(word);
        if (keyword != null) {
            return keyword;
        }
        return GLOBAL_PREFIXES.entrySet().stream().filter(e -> word.startsWith(e.getKey()))
                .map(e -> Keyword.ignored(word, GLOBAL_ONLY, e.getValue())).findFirst().orElse(null);
    }

    @SafeVarargs
    private static Map<String, Keyword> index(List<Keyword>... families) {
        Map<String, Keyword> index = new HashMap<>();
        for (List<Keyword> family : families) {
            for (Keyword k : family) {
                if (index.put(k.name(), k) != null) {
                    throw new IllegalStateException("keyword '" + k.name() + "' registered twice");
                }
            }
        }
        return Map.copyOf(index);
    }

    /** The known keyword closest to {@code word} by edit distance, if within 2; else null. */
    static String suggest(String word) {
        Set<String> all = new TreeSet<>();
        for (Section s : Section.values()) {
            all.add(s.keyword());
        }
        all.addAll(PROXY.keySet());
        all.addAll(GLOBAL.keySet());
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
