package org.lodestar.config;

import java.util.regex.Matcher;

/**
 * Translates a HAProxy replacement string ({@code \1}..{@code \9} back-references; a backslash before any
 * other character makes it literal) into {@link Matcher#appendReplacement} syntax.
 */
final class Replacement {
    private Replacement() {
    }

    /** @param groups how many groups the regex has, to reject references to missing ones */
    static String toJava(String haproxy, int groups) throws LineError {
        if (haproxy.contains("%[")) {
            throw new LineError("log-format expressions are not supported in '" + haproxy + "'");
        }
        StringBuilder out = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < haproxy.length(); i++) {
            char c = haproxy.charAt(i);
            if (c == '\\' && i + 1 < haproxy.length()) {
                char next = haproxy.charAt(++i);
                if (next >= '0' && next <= '9') {
                    int group = next - '0';
                    if (group > groups) {
                        throw new LineError("replacement '" + haproxy + "' refers to \\" + group + " but the regex has "
                                + groups + " group(s)");
                    }
                    out.append(Matcher.quoteReplacement(literal.toString())).append('$').append(group);
                    literal.setLength(0);
                } else {
                    literal.append(next);
                }
            } else {
                literal.append(c);
            }
        }
        return out.append(Matcher.quoteReplacement(literal.toString())).toString();
    }
}
