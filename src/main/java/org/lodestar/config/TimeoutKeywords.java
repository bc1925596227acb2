package org.lodestar.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/** {@code timeout <kind> <time>}, and HAProxy 1.x's {@code contimeout}, {@code clitimeout} and {@code srvtimeout}. */
final class TimeoutKeywords {
    static final List<Keyword> KEYWORDS = List.of(
            new Keyword("timeout", Section.PROXIES, TimeoutKeywords::timeout),
            new Keyword("contimeout", Section.PROXIES, TimeoutKeywords::legacy),
            new Keyword("clitimeout", Section.PROXIES, TimeoutKeywords::legacy),
            new Keyword("srvtimeout", Section.PROXIES, TimeoutKeywords::legacy));

    /** The timeouts Lodestar applies, and the setting each one sets. */
    private static final Map<String, BiConsumer<ProxySettings, Duration>> APPLIED = Map.of(
            "connect", (s, d) -> s.connect = d,
            "client", (s, d) -> s.client = d,
            "server", (s, d) -> s.server = d,
            "queue", (s, d) -> s.queue = d,
            "check", (s, d) -> s.check = d,
            "http-request", (s, d) -> s.httpRequest = d);

    /** Valid HAProxy timeouts that mean nothing inside an application server, and why. */
    private static final Map<String, String> IGNORED = Map.of(
            "http-keep-alive", "the application server manages client connections",
            "tunnel", "Lodestar does not tunnel connections",
            "client-fin", "the application server manages client connections",
            "server-fin", "server connections are pooled by Lodestar");

    /** The legacy keywords, and the kind of timeout each one sets. */
    private static final Map<String, String> LEGACY = Map.of(
            "contimeout", "connect", "clitimeout", "client", "srvtimeout", "server");

    private TimeoutKeywords() {
    }

    /** The kinds of timeout the parser knows, applied or ignored. */
    static Set<String> kinds() {
        Set<String> kinds = new TreeSet<>(APPLIED.keySet());
        kinds.addAll(IGNORED.keySet());
        return kinds;
    }

    private static void timeout(ParseState st, List<String> words) throws LineError {
        if (words.size() < 2) {
            throw new LineError("'timeout' expects a kind (connect, client, server, queue, check,"
                    + " http-request...) and a time");
        }
        timeout(st, words.get(1), words, 2);
    }

    private static void legacy(ParseState st, List<String> words) throws LineError {
        String kw = words.get(0);
        String modern = LEGACY.get(kw);
        timeout(st, modern, words, 1);
        st.warn("'" + kw + "' is deprecated; use 'timeout " + modern + "'");
    }

    /** The time is checked before the kind, so that a bad value is reported whatever the kind. */
    private static void timeout(ParseState st, String kind, List<String> words, int valueAt) throws LineError {
        String kw = words.get(0).equals("timeout") ? "timeout " + kind : words.get(0);
        if (words.size() != valueAt + 1) {
            throw new LineError("'" + kw + "' expects one time value");
        }
        Duration d;
        try {
            d = TimeParser.parse(words.get(valueAt));
        } catch (LineError e) {
            throw new LineError("'" + kw + "': " + e.getMessage());
        }
        BiConsumer<ProxySettings, Duration> setting = APPLIED.get(kind);
        if (setting != null) {
            setting.accept(st.settings(), d);
        } else if (IGNORED.containsKey(kind)) {
            st.warn("'" + kw + "' ignored: " + IGNORED.get(kind));
        } else {
            throw new LineError("unknown timeout '" + kind + "' (supported: connect, client, server, queue,"
                    + " check, http-request, http-keep-alive, tunnel, client-fin, server-fin)");
        }
    }
}
