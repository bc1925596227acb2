package org.lodestar.stats;

import java.util.List;
import org.lodestar.config.Acl;
import org.lodestar.config.Condition;

/**
 * Evaluates a {@code stats} condition for a caller whose credentials are known but whose request is not: the
 * identity store decides the roles once per login, not per request. Terms that check credentials
 * ({@code http_auth}, {@code http_auth_group}) and {@code TRUE}/{@code FALSE} have a value; the others
 * ({@code LOCALHOST}, paths, headers) may be either.
 */
final class CallerCondition {
    private CallerCondition() {
    }

    /** Three-valued: known true, known false, or depends on the request. */
    enum Truth {
        TRUE, FALSE, DEPENDS;

        Truth not() {
            return this == TRUE ? FALSE : this == FALSE ? TRUE : DEPENDS;
        }
    }

    /** Whether some request of this caller could make the rule apply ({@code if}: hold; {@code unless}: fail). */
    static boolean canApply(Condition condition, Caller caller) {
        Truth value = value(condition, caller);
        return condition.unless() ? value != Truth.TRUE : value != Truth.FALSE;
    }

    /** The expression's value (before {@code unless} is applied): OR of AND-groups. */
    static Truth value(Condition condition, Caller caller) {
        Truth any = Truth.FALSE;
        for (List<Condition.Term> group : condition.alternatives()) {
            Truth all = Truth.TRUE;
            for (Condition.Term term : group) {
                Truth t = term.negated() ? value(term.acl(), caller).not() : value(term.acl(), caller);
                if (t == Truth.FALSE) {
                    all = Truth.FALSE;
                    break;
                }
                if (t == Truth.DEPENDS) {
                    all = Truth.DEPENDS;
                }
            }
            if (all == Truth.TRUE) {
                return Truth.TRUE;
            }
            if (all == Truth.DEPENDS) {
                any = Truth.DEPENDS;
            }
        }
        return any;
    }

    /** An ACL is the OR of its criteria. */
    private static Truth value(Acl acl, Caller caller) {
        Truth any = Truth.FALSE;
        for (Acl.Criterion criterion : acl.criteria()) {
            Truth t = value(criterion, caller);
            if (t == Truth.TRUE) {
                return Truth.TRUE;
            }
            if (t == Truth.DEPENDS) {
                any = Truth.DEPENDS;
            }
        }
        return any;
    }

    private static Truth value(Acl.Criterion criterion, Caller caller) {
        return switch (criterion.fetch()) {
            case ALWAYS -> Truth.TRUE;
            case HTTP_AUTH -> known(caller.authenticatedIn(criterion.argument()));
            case HTTP_AUTH_GROUP -> known(caller.inAnyGroup(criterion.argument(), criterion.patterns()));
            case PATH, HEADER, SRC_LOOPBACK -> Truth.DEPENDS;
        };
    }

    private static Truth known(boolean value) {
        return value ? Truth.TRUE : Truth.FALSE;
    }
}
