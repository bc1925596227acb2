package org.lodestar.config;

import static org.lodestar.config.Section.DEFAULTS;
import static org.lodestar.config.Section.FRONTEND;
import static org.lodestar.config.Section.LISTEN;

import java.util.EnumSet;
import java.util.List;

/**
 * How a frontend picks a backend: {@code use_backend} rules, then {@code default_backend}. The backends they name
 * may be declared further down, so they are checked once the whole file is read.
 */
final class RoutingKeywords {
    static final List<Keyword> KEYWORDS = List.of(
            new Keyword("use_backend", EnumSet.of(FRONTEND, LISTEN), RoutingKeywords::useBackend),
            new Keyword("default_backend", EnumSet.of(DEFAULTS, FRONTEND, LISTEN), RoutingKeywords::defaultBackend));

    private RoutingKeywords() {
    }

    /** {@code use_backend <backend> [if|unless <condition>]}: without a condition, always. */
    private static void useBackend(ParseState st, List<String> words) throws LineError {
        if (words.size() < 2) {
            throw new LineError("'use_backend' expects a backend name and an optional condition");
        }
        dynamicName("use_backend", words.get(1));
        ConditionParser.Pending c = AclKeywords.condition(st, "use_backend", words, 2);
        ConditionParser.Pending condition = c != null ? c : ConditionParser.Pending.ALWAYS;
        st.proxy().pendingRules.add(new ProxySection.PendingRule(words.get(1), condition, st.line()));
    }

    /** {@code default_backend <backend>}: in defaults, for the frontends declared after it. */
    private static void defaultBackend(ParseState st, List<String> words) throws LineError {
        Args.expect(words, 1, "<backend>");
        dynamicName("default_backend", words.get(1));
        st.settings().defaultBackend = words.get(1);
        st.settings().defaultBackendLine = st.line();
    }

    private static void dynamicName(String kw, String name) throws LineError {
        if (name.contains("%[")) {
            throw new LineError("'" + kw + "': dynamic backend names (log-format expressions) are not supported");
        }
    }
}
