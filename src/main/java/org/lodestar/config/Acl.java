package org.lodestar.config;

import java.util.List;

/**
 * A named ACL. Declaring the same name several times ORs the declarations together, as in HAProxy;
 * so does listing several patterns on one line. Predefined ACLs ({@code TRUE}, {@code FALSE},
 * {@code LOCALHOST}) and anonymous ones ({@code { path_beg /x }}) use the same record.
 */
public record Acl(String name, List<Criterion> criteria) {
    public Acl {
        criteria = List.copyOf(criteria);
    }

    /**
     * One {@code acl} line: a sample fetch, a match method and patterns (any may match).
     *
     * @param argument   the fetch's argument: the header name for {@link Fetch#HEADER}, lower case; the
     *                   userlist for {@link Fetch#HTTP_AUTH} and {@link Fetch#HTTP_AUTH_GROUP}; null for others
     * @param ignoreCase {@code -i}
     * @param patterns   the patterns as written (for {@link Fetch#HTTP_AUTH_GROUP}, the groups); for
     *                   {@link Match#REG} also compiled in {@code regexes}
     */
    public record Criterion(Fetch fetch, String argument, Match match, boolean ignoreCase, List<String> patterns,
                            List<java.util.regex.Pattern> regexes, int line) {
        public Criterion {
            patterns = List.copyOf(patterns);
            regexes = List.copyOf(regexes);
        }
    }

    /** What is examined. */
    public enum Fetch {
        /** The request path, without query string, as received (not decoded). */
        PATH,
        /** A request header's value ({@code hdr(name)}); every occurrence is tried. */
        HEADER,
        /** The client's address: predefined {@code LOCALHOST}. */
        SRC_LOOPBACK,
        /** Always matches: predefined {@code TRUE}; {@code FALSE} is a negated use of it. */
        ALWAYS,
        /** {@code http_auth(<userlist>)}: the request's Basic credentials are valid in the userlist. */
        HTTP_AUTH,
        /**
         * {@code http_auth_group(<userlist>) <group>...}: the credentials are valid in the userlist and the user
         * belongs to one of the groups.
         */
        HTTP_AUTH_GROUP
    }

    /** How patterns are compared, named after the HAProxy suffixes. */
    public enum Match {
        /** {@code path}, {@code hdr}: whole value equal. */
        EXACT,
        /** {@code _beg}: value starts with the pattern. */
        BEG,
        /** {@code _dir}: pattern equals one slash-delimited part or sequence of parts. */
        DIR,
        /** {@code _end}: value ends with the pattern. */
        END,
        /** {@code _reg}: the regex is found anywhere in the value. */
        REG,
        /** {@code _sub}: value contains the pattern. */
        SUB,
        /** {@code _dom}: pattern equals one dot-delimited part or sequence of parts. */
        DOM,
        /** The predefined ACLs and {@code http_auth}, which take no pattern; {@code http_auth_group}'s groups. */
        NONE
    }
}
