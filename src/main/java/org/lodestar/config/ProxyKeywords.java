package org.lodestar.config;

import static org.lodestar.config.Section.BACKEND;
import static org.lodestar.config.Section.DEFAULTS;
import static org.lodestar.config.Section.FRONTEND;
import static org.lodestar.config.Section.LISTEN;

import java.util.EnumSet;
import java.util.List;

/**
 * The proxy keywords of no other family: {@code mode}, {@code balance}, {@code retries}, {@code maxconn}, and those
 * accepted with a warning because they mean nothing inside an application server ({@code bind}, {@code log}...).
 */
final class ProxyKeywords {
    static final String LOGGING = "Lodestar logs through java.util.logging (see 'option httplog')";

    static final List<Keyword> KEYWORDS = List.of(
            new Keyword("mode", Section.PROXIES, ProxyKeywords::mode),
            new Keyword("balance", EnumSet.of(DEFAULTS, BACKEND, LISTEN), ProxyKeywords::balance),
            new Keyword("retries", EnumSet.of(DEFAULTS, BACKEND, LISTEN), ProxyKeywords::retries),
            new Keyword("maxconn", EnumSet.of(DEFAULTS, FRONTEND, LISTEN), ProxyKeywords::maxconn),
            Keyword.ignored("log", Section.PROXIES, LOGGING),
            Keyword.ignored("bind", EnumSet.of(FRONTEND, LISTEN),
                    "the application server's HTTP listener accepts the connections"),
            new Keyword("monitor-uri", EnumSet.of(DEFAULTS, FRONTEND, LISTEN), ProxyKeywords::monitorUri),
            Keyword.ignored("capture", EnumSet.of(FRONTEND, LISTEN), "Lodestar's access log has no capture fields"),
            Keyword.ignored("description", EnumSet.of(FRONTEND, BACKEND, LISTEN), "it is informational only"),
            Keyword.ignored("id", EnumSet.of(FRONTEND, BACKEND, LISTEN), "Lodestar identifies proxies by name"),
            Keyword.ignored("fullconn", EnumSet.of(DEFAULTS, BACKEND, LISTEN),
                    "dynamic server limits (minconn) are not supported"));

    private ProxyKeywords() {
    }

    /** HAProxy's {@code monitor-uri <uri>}: an absolute path, matched exactly (without the query). */
    private static void monitorUri(ParseState st, List<String> words) throws LineError {
        Args.expect(words, 1, "<uri>");
        String uri = words.get(1);
        if (!uri.startsWith("/") || uri.contains("?") || uri.contains("#")) {
            throw new LineError("'monitor-uri' expects an absolute path such as /lodestar-health (no query), got '"
                    + uri + "'");
        }
        if (uri.equals("/lodestar") || uri.startsWith("/lodestar/")) {
            throw new LineError("'monitor-uri " + uri + "': Lodestar's own pages live under /lodestar/ and ask for"
                    + " a login; a balancer's check needs a path outside it");
        }
        st.settings().monitorUri = uri;
    }

    private static void mode(ParseState st, List<String> words) throws LineError {
        Args.expect(words, 1, "http");
        if (!words.get(1).equals("http")) {
            throw new LineError("'mode " + words.get(1) + "': only 'mode http' is supported");
        }
    }

    private static void balance(ParseState st, List<String> words) throws LineError {
        if (words.size() < 2) {
            throw new LineError("'balance' expects an algorithm (roundrobin, leastconn, first, source)");
        }
        String algo = words.get(1);
        Backend.Balance b = switch (algo) {
            case "roundrobin" -> Backend.Balance.ROUNDROBIN;
            case "leastconn" -> Backend.Balance.LEASTCONN;
            case "first" -> Backend.Balance.FIRST;
            case "source" -> Backend.Balance.SOURCE;
            default -> throw new LineError("balance algorithm '" + algo
                    + "' is not supported; use one of roundrobin, leastconn, first, source");
        };
        if (words.size() > 2) {
            throw new LineError("'balance " + algo + "' takes no argument");
        }
        st.settings().balance = b;
    }

    private static void retries(ParseState st, List<String> words) throws LineError {
        Args.expect(words, 1, "<number>");
        st.settings().retries = Args.integer("'retries'", words.get(1), 0, 1000);
    }

    private static void maxconn(ParseState st, List<String> words) throws LineError {
        Args.expect(words, 1, "<number>");
        st.settings().maxconn = Args.integer("'maxconn'", words.get(1), 0, Integer.MAX_VALUE);
    }
}
