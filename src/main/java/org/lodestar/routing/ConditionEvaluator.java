package org.lodestar.routing;

import java.util.List;
import org.lodestar.config.Condition;
import org.lodestar.config.Condition.Term;

/**
 * Evaluates {@code if}/{@code unless} conditions: terms in a group must all hold (implicit AND), any
 * group may hold (OR), and {@code unless} inverts the result.
 */
public final class ConditionEvaluator {
    private ConditionEvaluator() {
    }

    public static boolean holds(Condition condition, RequestView request) {
        boolean anyGroup = condition.alternatives().stream().anyMatch(group -> allHold(group, request));
        return anyGroup != condition.unless();
    }

    private static boolean allHold(List<Term> group, RequestView request) {
        return group.stream().allMatch(term -> AclMatcher.matches(term.acl(), request) != term.negated());
    }
}
