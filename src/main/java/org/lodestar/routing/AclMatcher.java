package org.lodestar.routing;

import org.lodestar.config.Acl;
import org.lodestar.config.Acl.Criterion;

/** Whether a request satisfies an ACL: any of its criteria, each with any of its patterns. */
public final class AclMatcher {
    private AclMatcher() {
    }

    public static boolean matches(Acl acl, RequestView request) {
        return acl.criteria().stream().anyMatch(criterion -> matches(criterion, request));
    }

    private static boolean matches(Criterion criterion, RequestView request) {
        return switch (criterion.fetch()) {
            case PATH -> PatternMatch.anyMatches(criterion, request.path());
            // A missing header yields no value, so it never matches, as in HAProxy.
            case HEADER -> HeaderValues.split(request.headers(criterion.argument())).stream()
                    .anyMatch(value -> PatternMatch.anyMatches(criterion, value));
            case SRC_LOOPBACK -> request.fromLoopback();
            case ALWAYS -> true;
            // The parser refuses them outside the stats conditions, which StatsAccess evaluates.
            case HTTP_AUTH, HTTP_AUTH_GROUP -> throw new IllegalStateException(
                    "http_auth ACLs are only evaluated for the statistics, at line " + criterion.line());
        };
    }
}
