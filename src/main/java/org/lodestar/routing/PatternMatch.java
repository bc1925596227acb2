package org.lodestar.routing;

import org.lodestar.config.Acl.Criterion;
import org.lodestar.config.Acl.Match;

/** Compares one fetched value with a criterion's patterns; any pattern may match. */
final class PatternMatch {
    private PatternMatch() {
    }

    static boolean anyMatches(Criterion criterion, String value) {
        if (criterion.match() == Match.REG) {
            // find(), not matches(): HAProxy regexes are unanchored unless they say otherwise.
            return criterion.regexes().stream().anyMatch(regex -> regex.matcher(value).find());
        }
        return criterion.patterns().stream()
                .anyMatch(pattern -> matches(criterion.match(), criterion.ignoreCase(), value, pattern));
    }

    private static boolean matches(Match match, boolean ignoreCase, String value, String pattern) {
        return switch (match) {
            case EXACT -> value.length() == pattern.length()
                    && value.regionMatches(ignoreCase, 0, pattern, 0, pattern.length());
            case BEG -> value.regionMatches(ignoreCase, 0, pattern, 0, pattern.length());
            case END -> value.length() >= pattern.length() && value.regionMatches(ignoreCase,
                    value.length() - pattern.length(), pattern, 0, pattern.length());
            case SUB -> contains(value, pattern, ignoreCase);
            case DIR -> WordMatch.matches(value, pattern, WordMatch.DIR_DELIMITERS, ignoreCase);
            case DOM -> WordMatch.matches(value, pattern, WordMatch.DOM_DELIMITERS, ignoreCase);
            case REG -> throw new IllegalStateException("regexes are matched as compiled patterns");
            case NONE -> true;
        };
    }

    private static boolean contains(String value, String pattern, boolean ignoreCase) {
        for (int start = 0; start + pattern.length() <= value.length(); start++) {
            if (value.regionMatches(ignoreCase, start, pattern, 0, pattern.length())) {
                return true;
            }
        }
        return false;
    }
}
