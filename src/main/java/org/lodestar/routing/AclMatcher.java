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
            case HEADER -> HeaderValues.split(request.headers(criterion.header())).stream()
                    .anyMatch(value -> PatternMatch.anyMatches(criterion, value));
            case SRC_LOOPBACK -> request.fromLoopback();
            case ALWAYS -> true;
        };
    }
}
