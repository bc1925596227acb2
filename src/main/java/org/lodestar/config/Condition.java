package org.lodestar.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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

    /** The userlists its {@code http_auth} and {@code http_auth_group} terms check credentials against. */
    public Set<String> userlists() {
        Set<String> names = new LinkedHashSet<>();
        alternatives.forEach(group -> group.forEach(term -> term.acl().criteria().stream()
                .filter(c -> c.fetch() == Acl.Fetch.HTTP_AUTH || c.fetch() == Acl.Fetch.HTTP_AUTH_GROUP)
                .forEach(c -> names.add(c.argument()))));
        return names;
    }

    /** One ACL reference, possibly negated with {@code !}. */
    public record Term(Acl acl, boolean negated) {
    }
}
