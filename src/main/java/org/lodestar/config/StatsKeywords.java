package org.lodestar.config;

import static org.lodestar.config.Section.BACKEND;
import static org.lodestar.config.Section.FRONTEND;
import static org.lodestar.config.Section.LISTEN;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code stats} keywords of proxies and defaults: the statistics page, its realm, refresh and users. As in
 * HAProxy, every one of them implies {@code stats enable}. (In {@code global}, {@link GlobalKeywords} reads them.)
 */
final class StatsKeywords {
    static final List<Keyword> KEYWORDS = List.of(new Keyword("stats", Section.PROXIES, StatsKeywords::stats));

    private static final String NO_SUCH_OPTION = "Lodestar's dashboard has no such option";

    static final Map<String, Keyword> SUBKEYWORDS = Keyword.index(
            new Keyword("stats enable", Section.PROXIES, (st, words) -> Args.none("stats enable", args(words))),
            new Keyword("stats uri", Section.PROXIES, StatsKeywords::uri),
            new Keyword("stats realm", Section.PROXIES, StatsKeywords::realm),
            new Keyword("stats refresh", Section.PROXIES, StatsKeywords::refresh),
            new Keyword("stats auth", Section.PROXIES, StatsKeywords::auth),
            new Keyword("stats http-request", EnumSet.of(FRONTEND, BACKEND, LISTEN), StatsKeywords::httpRequest),
            new Keyword("stats admin", Section.PROXIES, StatsKeywords::admin),
            Keyword.ignored("stats hide-version", Section.PROXIES, NO_SUCH_OPTION),
            Keyword.ignored("stats show-legends", Section.PROXIES, NO_SUCH_OPTION),
            Keyword.ignored("stats show-node", Section.PROXIES, NO_SUCH_OPTION),
            Keyword.ignored("stats show-desc", Section.PROXIES, NO_SUCH_OPTION),
            Keyword.ignored("stats scope", Section.PROXIES, "Lodestar's dashboard shows every proxy"));

    /** The stats keywords of the global section, which a proxy refuses with a message pointing there. */
    private static final Set<String> GLOBAL = Set.of("socket", "timeout");

    private StatsKeywords() {
    }

    private static void stats(ParseState st, List<String> words) throws LineError {
        if (words.size() < 2) {
            throw new LineError("'stats' expects a sub-keyword (enable, uri, realm, auth, refresh, admin...)");
        }
        String sub = words.get(1);
        if (GLOBAL.contains(sub)) {
            throw new LineError("'stats " + sub + "' is only allowed in 'global' section");
        }
        Keyword keyword = SUBKEYWORDS.get(sub);
        if (keyword == null) {
            throw new LineError("unknown keyword 'stats " + sub + "' in '" + st.section().keyword() + "' section");
        }
        keyword.read(st, words);
        st.settings().statsEnabled = true;
    }

    private static List<String> args(List<String> words) {
        return words.subList(2, words.size());
    }

    private static void uri(ParseState st, List<String> words) throws LineError {
        List<String> args = args(words);
        Args.one("stats uri", args, "<uri>");
        if (!args.get(0).startsWith("/")) {
            throw new LineError("'stats uri' must start with '/', got '" + args.get(0) + "'");
        }
        st.settings().statsUri = args.get(0);
    }

    private static void realm(ParseState st, List<String> words) throws LineError {
        List<String> args = args(words);
        Args.one("stats realm", args, "<realm> (escape spaces with '\\ ')");
        st.settings().statsRealm = args.get(0);
        ownAuthOrRealm(st, false);
    }

    private static void refresh(ParseState st, List<String> words) throws LineError {
        List<String> args = args(words);
        Args.one("stats refresh", args, "<time>");
        try {
            st.settings().statsRefresh = TimeParser.parse(args.get(0));
        } catch (LineError e) {
            throw new LineError("'stats refresh': " + e.getMessage());
        }
    }

    /** {@code stats auth <user>:<password>}: accepted as in HAProxy, with a warning about the plain-text password. */
    private static void auth(ParseState st, List<String> words) throws LineError {
        List<String> args = args(words);
        Args.one("stats auth", args, "<user>:<password>");
        int colon = args.get(0).indexOf(':');
        if (colon <= 0) {
            throw new LineError("'stats auth' expects <user>:<password>");
        }
        String user = args.get(0).substring(0, colon);
        st.settings().statsAuth.add(new Stats.Credentials(user, args.get(0).substring(colon + 1)));
        ownAuthOrRealm(st, true);
        st.warn("'stats auth' keeps the password of '" + user + "' in plain text: whoever reads this file can"
                + " log in; prefer a userlist with a crypt(3) hash, 'user " + user + " password <hash>' ("
                + UserlistParser.MAKE_A_HASH + "; see 'userlist' in docs/configuration.md)");
    }

    private static void admin(ParseState st, List<String> words) throws LineError {
        if (args(words).isEmpty()) {
            throw new LineError("'stats admin' expects 'if' or 'unless' and a condition");
        }
        st.settings().statsAdmin = AclKeywords.condition(st, "stats admin", words, 2);
    }

    /** Remembers the section's own first stats auth and realm lines, which 'stats http-request' cannot go with. */
    private static void ownAuthOrRealm(ParseState st, boolean auth) {
        ProxySection proxy = st.proxy();
        if (proxy != null && proxy.statsAuthOrRealmLine == 0) {
            proxy.statsAuthOrRealmLine = st.line();
        }
        if (proxy != null && auth && proxy.statsAuthLine == 0) {
            proxy.statsAuthLine = st.line();
        }
    }

    /** {@code stats http-request auth [realm <realm>] [if|unless <condition>]}. */
    private static void httpRequest(ParseState st, List<String> words) throws LineError {
        String action = words.size() > 2 ? words.get(2) : "";
        if (!action.equals("auth")) {
            throw new LineError(action.isEmpty() ? "'stats http-request' expects an action (supported: auth)"
                    : "unsupported stats http-request action '" + action + "' (supported: auth; Lodestar never"
                    + " serves the statistics without a login, and cannot allow or deny them per request)");
        }
        String kw = "stats http-request auth";
        int at = 3;
        Optional<String> realm = Optional.empty();
        if (at < words.size() && words.get(at).equals("realm")) {
            if (at + 1 >= words.size()) {
                throw new LineError("'" + kw + " realm' expects a realm (escape spaces with '\\ ')");
            }
            realm = Optional.of(words.get(at + 1));
            at += 2;
        }
        ConditionParser.Pending condition = AclKeywords.condition(st, kw, words, at);
        st.settings().statsAuthRules.add(new ProxySettings.PendingAuthRule(realm, condition, st.line()));
    }
}
