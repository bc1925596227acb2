package org.lodestar.config;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code global} section: {@code server-state-file}, the one process-wide setting that means something inside
 * an application server, and the others, accepted with a warning saying why they are ignored.
 */
final class GlobalKeywords {
    private static final Set<Section> GLOBAL = EnumSet.of(Section.GLOBAL);
    private static final String CONTAINER = "it has no effect inside an application server";

    static final List<Keyword> KEYWORDS = List.of(
            new Keyword("server-state-file", GLOBAL, GlobalKeywords::serverStateFile),
            new Keyword("lodestar-cluster", GLOBAL, GlobalKeywords::cluster),
            new Keyword("stats", GLOBAL, GlobalKeywords::stats),
            new Keyword("maxconn", GLOBAL, GlobalKeywords::maxconn),
            Keyword.ignored("log", GLOBAL, ProxyKeywords.LOGGING),
            Keyword.ignored("daemon", GLOBAL, CONTAINER),
            Keyword.ignored("user", GLOBAL, CONTAINER + " (it runs as the server's user)"),
            Keyword.ignored("group", GLOBAL, CONTAINER + " (it runs as the server's group)"),
            Keyword.ignored("uid", GLOBAL, CONTAINER + " (it runs as the server's user)"),
            Keyword.ignored("gid", GLOBAL, CONTAINER + " (it runs as the server's group)"),
            Keyword.ignored("chroot", GLOBAL, CONTAINER),
            Keyword.ignored("pidfile", GLOBAL, CONTAINER),
            Keyword.ignored("nbproc", GLOBAL, CONTAINER + " (the server owns processes and threads)"),
            Keyword.ignored("nbthread", GLOBAL, CONTAINER + " (the server owns processes and threads)"),
            Keyword.ignored("ulimit-n", GLOBAL, CONTAINER),
            Keyword.ignored("master-worker", GLOBAL, CONTAINER),
            Keyword.ignored("quiet", GLOBAL, CONTAINER),
            Keyword.ignored("spread-checks", GLOBAL, "health checks are not randomised"),
            Keyword.ignored("ca-base", GLOBAL, "Lodestar does not use TLS towards servers"),
            Keyword.ignored("crt-base", GLOBAL, "TLS is terminated by the application server"));

    /** Prefixes of ignored keywords ({@code tune.bufsize}, {@code ssl-default-bind-ciphers}...), and why. */
    private static final Map<String, String> IGNORED_PREFIXES = Map.of(
            "tune.", "the application server does its own tuning",
            "ssl-default-", "TLS is terminated by the application server");

    private GlobalKeywords() {
    }

    /** {@code word} as an ignored keyword if it starts with one of the ignored prefixes; null otherwise. */
    static Keyword ignoredByPrefix(String word) {
        return IGNORED_PREFIXES.entrySet().stream().filter(e -> word.startsWith(e.getKey()))
                .map(e -> Keyword.ignored(word, GLOBAL, e.getValue())).findFirst().orElse(null);
    }

    private static void serverStateFile(ParseState st, List<String> words) throws LineError {
        Args.expect(words, 1, "<file>");
        st.serverStateFile(words.get(1));
    }

    private static final java.util.regex.Pattern HOST_PORT = java.util.regex.Pattern.compile(
            "(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):([0-9]{1,5})");
    /** A ZooKeeper path of plain names: ZooKeeper allows more, operators need no more. */
    private static final java.util.regex.Pattern ZNODE_PATH = java.util.regex.Pattern.compile("(/[A-Za-z0-9_.-]+)+");
    private static final String CLUSTER_SYNTAX = "zookeeper <host:port>[,<host:port>...] path </path> [instance <id>]";

    /** {@code lodestar-cluster zookeeper HOST:PORT[,...] path /PATH [instance ID]}, the words in this order. */
    private static void cluster(ParseState st, List<String> words) throws LineError {
        if ((words.size() != 5 && words.size() != 7) || !words.get(1).equals("zookeeper")
                || !words.get(3).equals("path") || (words.size() == 7 && !words.get(5).equals("instance"))) {
            throw new LineError("'lodestar-cluster' expects '" + CLUSTER_SYNTAX + "'");
        }
        List<String> ensemble = List.of(words.get(2).split(",", -1));
        for (String server : ensemble) {
            java.util.regex.Matcher m = HOST_PORT.matcher(server);
            if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
                throw new LineError("'lodestar-cluster': ZooKeeper server '" + server + "' is not <host>:<port>");
            }
        }
        String path = words.get(4);
        if (!ZNODE_PATH.matcher(path).matches() || path.contains("/./") || path.contains("/../")
                || path.endsWith("/.") || path.endsWith("/..")) {
            throw new LineError("'lodestar-cluster': path '" + path + "' is not an absolute ZooKeeper path of"
                    + " names (letters, digits, '_', '.', '-') such as /lodestar/mgmt");
        }
        java.util.Optional<String> instance = java.util.Optional.empty();
        if (words.size() == 7) {
            Args.name("'lodestar-cluster' instance", words.get(6));
            instance = java.util.Optional.of(words.get(6));
        }
        st.cluster(new ClusterSettings(ensemble, path, instance));
    }

    /** Only the runtime API's stats keywords, which Lodestar has no use for. */
    private static void stats(ParseState st, List<String> words) throws LineError {
        String sub = words.size() > 1 ? words.get(1) : "";
        if (sub.equals("socket") || sub.equals("timeout") || sub.equals("maxconn")) {
            st.warn("'stats " + sub + "' ignored: Lodestar has no runtime API socket; its pages live under /lodestar/");
            return;
        }
        throw new LineError("'stats " + sub + "' is not supported in 'global' section (only 'stats socket',"
                + " 'stats timeout', 'stats maxconn', all ignored)");
    }

    /** Ignored, but its number is checked all the same, as HAProxy would refuse a bad one. */
    private static void maxconn(ParseState st, List<String> words) throws LineError {
        Args.expect(words, 1, "<number>");
        Args.integer("'maxconn'", words.get(1), 0, Integer.MAX_VALUE);
        st.warn("'maxconn' ignored: the application server's connector limits connections");
    }
}
