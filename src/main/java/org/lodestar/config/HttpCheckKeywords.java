package org.lodestar.config;

import static org.lodestar.config.Section.BACKEND;
import static org.lodestar.config.Section.DEFAULTS;
import static org.lodestar.config.Section.LISTEN;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code http-check send} and {@code http-check expect}: the request of {@code option httpchk} and its verdict. */
final class HttpCheckKeywords {
    private static final Set<Section> SECTIONS = EnumSet.of(DEFAULTS, BACKEND, LISTEN);

    static final List<Keyword> KEYWORDS = List.of(
            new Keyword("http-check", SECTIONS, HttpCheckKeywords::httpCheck));

    static final Map<String, Keyword> SUBKEYWORDS = Keyword.index(
            new Keyword("http-check expect", SECTIONS, HttpCheckKeywords::expect),
            new Keyword("http-check send", SECTIONS, HttpCheckKeywords::send),
            new Keyword("http-check lodestar-report", SECTIONS, HttpCheckKeywords::report));

    private HttpCheckKeywords() {
    }

    /** Remembers the first http-check line in effect, to warn if there is no 'option httpchk' for it. */
    private static void httpCheck(ParseState st, List<String> words) throws LineError {
        if (words.size() < 2) {
            throw new LineError("'http-check' expects 'send', 'expect' or 'lodestar-report'");
        }
        Keyword sub = SUBKEYWORDS.get(words.get(1));
        if (sub == null) {
            throw new LineError("unsupported 'http-check " + words.get(1) + "' (supported: send, expect,"
                    + " lodestar-report)");
        }
        sub.read(st, words);
        ProxySettings s = st.settings();
        if (s.httpCheckLine == 0 || st.proxy() != null && s.httpCheckLine < st.proxy().line) {
            s.httpCheckLine = st.line(); // the proxy's own first line, rather than one inherited from defaults
        }
    }

    /** {@code http-check expect [!] <kind> <pattern>}: a proxy's first own rule replaces the inherited ones. */
    private static void expect(ParseState st, List<String> words) throws LineError {
        HealthCheck.Expect e = rule(words, st.line());
        ProxySettings s = st.settings();
        if (s.expectsInherited) {
            s.expects.clear();
            s.expectsInherited = false;
        }
        s.expects.add(e);
    }

    private static HealthCheck.Expect rule(List<String> words, int line) throws LineError {
        int i = 2;
        boolean negated = false;
        if (i < words.size() && words.get(i).equals("!")) {
            negated = true;
            i++;
        }
        if (words.size() != i + 2) {
            throw new LineError("'http-check expect' expects [!] status|rstatus|string|rstring <pattern>");
        }
        String kind = words.get(i);
        String pattern = words.get(i + 1);
        String ctx = "'http-check expect " + kind + "': ";
        try {
            return switch (kind) {
                case "status" -> {
                    if (!pattern.matches("\\d{3}(-\\d{3})?(,\\d{3}(-\\d{3})?)*")) {
                        throw new LineError("invalid status '" + pattern + "' (expected a code like 200, a range"
                                + " like 200-399, or a comma-separated list of them)");
                    }
                    yield new HealthCheck.Expect(negated, HealthCheck.Kind.STATUS, pattern, null, line);
                }
                case "string" -> new HealthCheck.Expect(negated, HealthCheck.Kind.STRING, pattern, null, line);
                case "rstatus" -> new HealthCheck.Expect(negated, HealthCheck.Kind.RSTATUS, pattern,
                        AclParser.compile(pattern, false), line);
                case "rstring" -> new HealthCheck.Expect(negated, HealthCheck.Kind.RSTRING, pattern,
                        AclParser.compile(pattern, false), line);
                default -> throw new LineError("unsupported kind '" + kind
                        + "' (supported: status, rstatus, string, rstring)");
            };
        } catch (LineError e) {
            throw new LineError(ctx + e.getMessage());
        }
    }

    /**
     * {@code http-check lodestar-report <regex>}: what the server says of itself in a check response (Spark's
     * {@code Status: RECOVERING}), shown beside the verdict so that a 503 can say why no server passes.
     */
    private static void report(ParseState st, List<String> words) throws LineError {
        if (words.size() != 3) {
            throw new LineError("'http-check lodestar-report' expects one regex, e.g. Status:</strong>.(\\w+)");
        }
        st.settings().report = AclParser.compile(words.get(2), false);
    }

    /** {@code http-check send [meth <method>] [uri <uri>] [ver <version>] [hdr <name> <value>]...}. */
    private static void send(ParseState st, List<String> words) throws LineError {
        ProxySettings s = st.settings();
        for (int i = 2; i < words.size(); i++) {
            String w = words.get(i);
            int need = w.equals("hdr") ? 2 : 1;
            if (!List.of("meth", "uri", "ver", "hdr").contains(w)) {
                throw new LineError("'http-check send': unsupported argument '" + w
                        + "' (supported: meth, uri, ver, hdr)");
            }
            if (i + need >= words.size()) {
                throw new LineError("'http-check send " + w + "' expects "
                        + (need == 2 ? "a name and a value" : "a value"));
            }
            switch (w) {
                case "meth" -> s.sendMethod = words.get(++i);
                case "uri" -> s.sendUri = words.get(++i);
                case "ver" -> s.sendVersion = words.get(++i);
                default -> {
                    s.sendHeaders.put(words.get(i + 1), words.get(i + 2));
                    i += 2;
                }
            }
        }
    }
}
