package org.lodestar.config;

import static org.lodestar.config.Section.BACKEND;
import static org.lodestar.config.Section.LISTEN;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A backend's request rewrites: the {@code http-request} actions {@code replace-path}, {@code replace-uri} and
 * {@code set-path}, and HAProxy 1.x's {@code reqrep}/{@code reqirep}. A rewrite is made once its section's ACLs are
 * complete, since its condition may name an ACL declared again further down.
 */
final class RewriteKeywords {
    private static final Set<Section> BACKENDS = EnumSet.of(BACKEND, LISTEN);

    static final List<Keyword> KEYWORDS = List.of(
            new Keyword("http-request", Section.PROXIES, RewriteKeywords::httpRequest),
            new Keyword("reqrep", BACKENDS, RewriteKeywords::reqrep),
            new Keyword("reqirep", BACKENDS, RewriteKeywords::reqrep));

    /** The http-request actions by name: each refuses other sections once the action is known to be supported. */
    static final Map<String, Keyword> ACTIONS = Keyword.index(
            new Keyword("http-request replace-path", BACKENDS,
                    (st, words) -> replace(st, words, RequestRewrite.ReplacePath::new)),
            new Keyword("http-request replace-uri", BACKENDS,
                    (st, words) -> replace(st, words, RequestRewrite.ReplaceUri::new)),
            new Keyword("http-request set-path", BACKENDS, RewriteKeywords::setPath));

    /** Makes a regex rewrite. */
    @FunctionalInterface
    private interface RegexRewrite {
        RequestRewrite make(Pattern regex, String replacement, Optional<Condition> condition, int line);
    }

    private RewriteKeywords() {
    }

    private static void httpRequest(ParseState st, List<String> words) throws LineError {
        if (words.size() < 2) {
            throw new LineError("'http-request' expects an action");
        }
        Keyword action = ACTIONS.get(words.get(1));
        if (action == null) {
            throw new LineError("unsupported http-request action '" + words.get(1)
                    + "' (supported: replace-path, replace-uri, set-path)");
        }
        action.read(st, words);
    }

    /** {@code http-request replace-path|replace-uri <regex> <format> [if|unless <condition>]}. */
    private static void replace(ParseState st, List<String> words, RegexRewrite rewrite) throws LineError {
        String kw = "http-request " + words.get(1);
        if (words.size() < 4) {
            throw new LineError("'" + kw + "' expects <regex> <format> [if|unless <condition>]");
        }
        ConditionParser.Pending condition = AclKeywords.condition(st, kw, words, 4);
        int at = st.line();
        try {
            Pattern regex = AclParser.compile(words.get(2), false);
            String replacement = Replacement.toJava(words.get(3), regex.matcher("").groupCount());
            st.proxy().pendingRewrites.add(acls -> rewrite.make(regex, replacement, resolve(condition, acls), at));
        } catch (LineError e) {
            throw new LineError("'" + kw + "': " + e.getMessage());
        }
    }

    /** {@code http-request set-path <path> [if|unless <condition>]}, a plain path: no log-format expression. */
    private static void setPath(ParseState st, List<String> words) throws LineError {
        String kw = "http-request set-path";
        if (words.size() < 3) {
            throw new LineError("'" + kw + "' expects <format> [if|unless <condition>]");
        }
        ConditionParser.Pending condition = AclKeywords.condition(st, kw, words, 3);
        String path = words.get(2);
        if (path.contains("%[")) {
            throw new LineError("'" + kw + "': log-format expressions are not supported in '" + path + "'");
        }
        int at = st.line();
        st.proxy().pendingRewrites.add(acls -> new RequestRewrite.SetPath(path, resolve(condition, acls), at));
    }

    private static Optional<Condition> resolve(ConditionParser.Pending p, Map<String, Acl> acls) {
        return Optional.ofNullable(p).map(c -> c.resolve(acls));
    }

    /** HAProxy 1.x's {@code reqrep|reqirep <regex> <replacement>}, applied to the request line. */
    private static void reqrep(ParseState st, List<String> words) throws LineError {
        String kw = words.get(0);
        if (words.size() != 3) {
            if (words.size() > 3 && (words.get(3).equals("if") || words.get(3).equals("unless"))) {
                throw new LineError("'" + kw + "': conditions are not supported; use 'http-request replace-path"
                        + " <regex> <format> if <condition>'");
            }
            throw new LineError("'" + kw + "' expects <regex> <replacement>");
        }
        boolean ignoreCase = kw.equals("reqirep");
        try {
            Pattern regex = AclParser.compile(words.get(1), ignoreCase);
            String replacement = Replacement.toJava(words.get(2), regex.matcher("").groupCount());
            int at = st.line();
            st.proxy().pendingRewrites.add(acls -> new RequestRewrite.ReqRep(regex, replacement, ignoreCase, at));
        } catch (LineError e) {
            throw new LineError("'" + kw + "': " + e.getMessage());
        }
        st.warn("'" + kw + "' is deprecated (removed from HAProxy 2.1); Lodestar still applies it to the request line."
                + " The equivalent on the path is 'http-request replace-path <regex> <format>'");
    }
}
