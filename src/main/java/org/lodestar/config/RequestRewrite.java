package org.lodestar.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A backend's request rewrite, applied in file order. Replacements use HAProxy's {@code \1}..{@code \9}
 * back-references, already translated to {@link java.util.regex.Matcher#appendReplacement} syntax.
 */
public sealed interface RequestRewrite {
    Optional<Condition> condition();

    int line();

    /** {@code http-request replace-path <regex> <replacement>}: on the path, query string kept. */
    record ReplacePath(Pattern regex, String replacement, Optional<Condition> condition, int line)
            implements RequestRewrite {
    }

    /** {@code http-request replace-uri <regex> <replacement>}: on path plus query string. */
    record ReplaceUri(Pattern regex, String replacement, Optional<Condition> condition, int line)
            implements RequestRewrite {
    }

    /** {@code http-request set-path <path>}: replaces the path, query string kept. */
    record SetPath(String path, Optional<Condition> condition, int line) implements RequestRewrite {
    }

    /**
     * Legacy {@code reqrep <regex> <replacement>} (HAProxy 1.x): applied to the request line
     * {@code METHOD URI VERSION}. Matches the first occurrence, like HAProxy 1.x, which replaced every
     * header line but only ever had one request line.
     */
    record ReqRep(Pattern regex, String replacement, boolean ignoreCase, int line) implements RequestRewrite {
        @Override
        public Optional<Condition> condition() {
            return Optional.empty();
        }
    }
}
