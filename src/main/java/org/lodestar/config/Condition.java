package org.lodestar.config;

import java.util.List;

/**
 * An {@code if|unless} condition: terms separated by {@code or}/{@code ||} are alternatives, adjacent
 * terms must all hold (HAProxy's implicit AND, which binds tighter than OR).
 *
 * @param unless       true for {@code unless}: the rule applies when the expression is false
 * @param alternatives OR of AND-groups
 */
public record Condition(boolean unless, List<List<Term>> alternatives) {
    public Condition {
        alternatives = alternatives.stream().map(List::copyOf).toList();
    }

    /** One ACL reference, possibly negated with {@code !}. */
    public record Term(Acl acl, boolean negated) {
    }
}
