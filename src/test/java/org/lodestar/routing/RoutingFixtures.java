package org.lodestar.routing;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.lodestar.config.Acl;
import org.lodestar.config.Acl.Criterion;
import org.lodestar.config.Acl.Fetch;
import org.lodestar.config.Acl.Match;
import org.lodestar.config.Condition;
import org.lodestar.config.Condition.Term;
import org.lodestar.config.SwitchRule;

/** Builds ACLs and conditions by hand, to test the evaluator on combinations the parser would also accept. */
final class RoutingFixtures {
    private RoutingFixtures() {
    }

    static Criterion path(Match match, String... patterns) {
        return criterion(Fetch.PATH, null, match, false, patterns);
    }

    static Criterion header(String name, Match match, String... patterns) {
        return criterion(Fetch.HEADER, name, match, false, patterns);
    }

    static Criterion criterion(Fetch fetch, String header, Match match, boolean ignoreCase, String... patterns) {
        List<Pattern> regexes = match == Match.REG
                ? Arrays.stream(patterns).map(p -> Pattern.compile(p, ignoreCase ? Pattern.CASE_INSENSITIVE : 0)).toList()
                : List.of();
        return new Criterion(fetch, header, match, ignoreCase, List.of(patterns), regexes, 1);
    }

    static Criterion ignoringCase(Criterion c) {
        return criterion(c.fetch(), c.argument(), c.match(), true, c.patterns().toArray(String[]::new));
    }

    static Acl acl(String name, Criterion... criteria) {
        return new Acl(name, List.of(criteria));
    }

    static Term is(Acl acl) {
        return new Term(acl, false);
    }

    static Term not(Acl acl) {
        return new Term(acl, true);
    }

    /** {@code if a b}: one AND-group. */
    static Condition allOf(Term... terms) {
        return new Condition(false, List.of(List.of(terms)));
    }

    /** {@code if a or b}: one single-term group per term. */
    static Condition anyOf(Term... terms) {
        return new Condition(false, Arrays.stream(terms).map(List::of).toList());
    }

    static Condition unless(Term... terms) {
        return new Condition(true, List.of(List.of(terms)));
    }

    static SwitchRule useBackend(String backend, Condition condition) {
        return new SwitchRule(backend, condition, 1);
    }
}
