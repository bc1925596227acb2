package org.lodestar.config;

import static org.lodestar.config.Section.BACKEND;
import static org.lodestar.config.Section.DEFAULTS;
import static org.lodestar.config.Section.LISTEN;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code option <name> [args]} and {@code no option <name>}: each option is registered as {@code option <name>}
 * with the sections allowing it, as HAProxy's table of options gives each its capabilities.
 */
final class OptionKeywords {
    static final List<Keyword> KEYWORDS = List.of(
            new Keyword("option", Section.PROXIES, OptionKeywords::option),
            new Keyword("no", Section.PROXIES, OptionKeywords::no));

    private static final String CLIENT_CONNECTIONS = "the application server manages client connections";
    private static final String DONTLOGNULL = "connections without a request never reach Lodestar, so there is"
            + " nothing to leave out of the log";

    /** The options by name. */
    static final Map<String, Keyword> OPTIONS = Keyword.index(
            new Keyword("option httplog", Section.PROXIES, OptionKeywords::httplog),
            new Keyword("option redispatch", EnumSet.of(DEFAULTS, BACKEND, LISTEN), OptionKeywords::redispatch),
            new Keyword("option lodestar-fast-failover", EnumSet.of(DEFAULTS, BACKEND, LISTEN),
                    OptionKeywords::fastFailover),
            new Keyword("option forwardfor", Section.PROXIES, OptionKeywords::forwardFor),
            new Keyword("option dontlognull", Section.PROXIES, OptionKeywords::dontlognull),
            new Keyword("option httpchk", EnumSet.of(DEFAULTS, BACKEND, LISTEN), OptionKeywords::httpchk),
            ignored("http-server-close", Section.PROXIES, CLIENT_CONNECTIONS),
            ignored("httpclose", Section.PROXIES, CLIENT_CONNECTIONS),
            ignored("http-keep-alive", Section.PROXIES, CLIENT_CONNECTIONS),
            ignored("forceclose", Section.PROXIES, CLIENT_CONNECTIONS),
            ignored("abortonclose", Section.PROXIES, CLIENT_CONNECTIONS),
            ignored("log-health-checks", EnumSet.of(DEFAULTS, BACKEND, LISTEN),
                    "health-check logging is not implemented"),
            ignored("tcplog", Section.PROXIES, "Lodestar logs HTTP requests only; use 'option httplog'"));

    /** An IPv4 address with an optional mask or prefix length, or an IPv6 address with an optional prefix length. */
    private static final Pattern NETWORK = Pattern.compile(
            "(\\d{1,3}(\\.\\d{1,3}){3}(/(\\d{1,2}|\\d{1,3}(\\.\\d{1,3}){3}))?)"
                    + "|([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(/\\d{1,3})?)");

    private OptionKeywords() {
    }

    private static Keyword ignored(String option, Set<Section> sections, String reason) {
        return new Keyword("option " + option, sections,
                (st, words) -> st.warn("'" + phrase(words) + "' ignored: " + reason));
    }

    /** {@code no option <name>}, and {@code no log}, the only other negation HAProxy users write. */
    private static void no(ParseState st, List<String> words) throws LineError {
        if (words.size() == 2 && words.get(1).equals("log")) {
            st.warn("'no log' ignored: " + ProxyKeywords.LOGGING);
            return;
        }
        if (words.size() < 2 || !words.get(1).equals("option")) {
            throw new LineError("'no' must be followed by 'option' (or 'log')");
        }
        option(st, words);
    }

    private static void option(ParseState st, List<String> words) throws LineError {
        int at = negated(words) ? 2 : 1;
        if (words.size() <= at) {
            throw new LineError("'option' expects an option name");
        }
        String phrase = phrase(words);
        if (negated(words) && words.size() > at + 1) {
            throw new LineError("'" + phrase + "' takes no argument");
        }
        Keyword option = OPTIONS.get(words.get(at));
        if (option == null) {
            throw new LineError("unknown option '" + words.get(at) + "' in '" + st.section().keyword() + "' section");
        }
        st.allowed(phrase, option.sections());
        option.reader().read(st, words);
    }

    private static boolean negated(List<String> words) {
        return words.get(0).equals("no");
    }

    /** The option as the line writes it, {@code option <name>} or {@code no option <name>}. */
    private static String phrase(List<String> words) {
        return String.join(" ", words.subList(0, negated(words) ? 3 : 2));
    }

    /** The words after the option's name. */
    private static List<String> args(List<String> words) {
        return words.subList(negated(words) ? 3 : 2, words.size());
    }

    private static void httplog(ParseState st, List<String> words) throws LineError {
        List<String> args = args(words);
        if (args.size() > 1 || (args.size() == 1 && !args.get(0).equals("clf"))) {
            throw new LineError("'option httplog' accepts only 'clf', got '" + String.join(" ", args) + "'");
        }
        st.settings().httplog = !negated(words);
        st.settings().clf = !negated(words) && args.size() == 1;
    }

    /** {@code option redispatch [<interval>]}: 0 turns it off, as in HAProxy. */
    private static void redispatch(ParseState st, List<String> words) throws LineError {
        List<String> args = args(words);
        if (negated(words)) {
            st.settings().redispatch = Backend.Redispatch.OFF;
        } else if (args.size() > 1) {
            throw new LineError("'option redispatch' accepts at most an interval");
        } else {
            int interval = args.isEmpty() ? -1
                    : Args.integer("'option redispatch'", args.get(0), Integer.MIN_VALUE + 1, Integer.MAX_VALUE - 1);
            st.settings().redispatch = interval == 0 ? Backend.Redispatch.OFF : new Backend.Redispatch(true, interval);
        }
    }

    private static void fastFailover(ParseState st, List<String> words) throws LineError {
        List<String> args = args(words);
        if (negated(words)) {
            st.settings().fastFailover = HealthCheck.FastFailover.HAPROXY;
        } else if (args.size() > 1) {
            throw new LineError("'option lodestar-fast-failover' accepts at most an interval");
        } else {
            Duration interval = args.isEmpty() ? HealthCheck.FastFailover.DEFAULT_INTERVAL
                    : TimeParser.parse(args.get(0));
            if (interval.isZero()) {
                throw new LineError("'option lodestar-fast-failover' needs an interval above 0");
            }
            st.settings().fastFailover = new HealthCheck.FastFailover(true, interval);
        }
    }

    /** Recorded in the log options, and otherwise ignored. */
    private static void dontlognull(ParseState st, List<String> words) throws LineError {
        if (!args(words).isEmpty()) {
            throw new LineError("'option dontlognull' takes no argument");
        }
        st.settings().dontlognull = !negated(words);
        st.warn("'" + phrase(words) + "' ignored: " + DONTLOGNULL);
    }

    /** {@code option forwardfor [except <network>] [header <name>] [if-none]}. */
    private static void forwardFor(ParseState st, List<String> words) throws LineError {
        if (negated(words)) {
            st.settings().forwardFor = ForwardFor.DEFAULT;
            return;
        }
        List<String> args = args(words);
        String header = ForwardFor.DEFAULT.header();
        Optional<String> except = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "if-none" -> st.warn("'option forwardfor if-none' ignored: Lodestar always appends the client"
                        + " address to any incoming header");
                case "except", "header" -> {
                    if (i + 1 >= args.size()) {
                        throw new LineError("'option forwardfor " + a + "' expects a value");
                    }
                    String v = args.get(++i);
                    if (a.equals("header")) {
                        header = v;
                    } else {
                        checkNetwork(v);
                        except = Optional.of(v);
                    }
                }
                default -> throw new LineError("'option forwardfor': unknown argument '" + a
                        + "' (expected except <network>, header <name> or if-none)");
            }
        }
        st.settings().forwardFor = new ForwardFor(header, except);
    }

    private static void checkNetwork(String v) throws LineError {
        if (!NETWORK.matcher(v).matches()) {
            throw new LineError("'option forwardfor except': invalid network '" + v + "' (expected address[/mask])");
        }
    }

    /** {@code option httpchk [<method>] <uri> [<version>]}; the version may carry header lines after {@code \r\n}. */
    private static void httpchk(ParseState st, List<String> words) throws LineError {
        if (negated(words)) {
            st.settings().httpchk = null;
            return;
        }
        List<String> args = args(words);
        String method = "OPTIONS";
        String uri = "/";
        String version = "HTTP/1.0";
        Map<String, String> headers = new LinkedHashMap<>();
        switch (args.size()) {
            case 0 -> {
            }
            case 1 -> uri = args.get(0);
            case 2, 3 -> {
                method = args.get(0);
                uri = args.get(1);
                if (args.size() == 3) {
                    String[] parts = args.get(2).split("\r?\n");
                    version = parts[0];
                    for (int i = 1; i < parts.length; i++) {
                        if (parts[i].isBlank()) {
                            continue;
                        }
                        int colon = parts[i].indexOf(':');
                        if (colon <= 0) {
                            throw new LineError("'option httpchk': invalid header line '" + parts[i]
                                    + "' after the version (expected 'Name: value')");
                        }
                        headers.put(parts[i].substring(0, colon).trim(), parts[i].substring(colon + 1).trim());
                    }
                }
            }
            default -> throw new LineError("'option httpchk' expects [<method>] [<uri>] [<version>]");
        }
        st.settings().httpchk = new HealthCheck.HttpCheck(method, uri, version, headers);
    }
}
