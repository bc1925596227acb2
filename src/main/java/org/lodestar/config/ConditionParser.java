package org.lodestar.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code if|unless <terms>}: terms are {@code [!]name} or an anonymous ACL {@code { criterion patterns }};
 * {@code or}/{@code ||} separates alternatives and adjacent terms are ANDed.
 *
 * <p>Named ACLs are resolved only when the section ends ({@link Pending#resolve}), because in HAProxy an ACL
 * declared again further down extends the one already referenced.
 */
final class ConditionParser {
    private ConditionParser() {
    }

    /** A term whose named ACL is not resolved yet; exactly one of {@code name} and {@code anonymous} is set. */
    record PendingTerm(String name, Acl anonymous, boolean negated) {
    }

    /** A parsed condition waiting for the section's final ACLs. */
    record Pending(boolean unless, List<List<PendingTerm>> alternatives) {
        static final Pending ALWAYS = new Pending(false, List.of(List.of(new PendingTerm("TRUE", null, false))));

        Condition resolve(Map<String, Acl> acls) {
            List<List<Condition.Term>> alts = new ArrayList<>();
            for (List<PendingTerm> group : alternatives) {
                List<Condition.Term> terms = new ArrayList<>();
                for (PendingTerm t : group) {
                    Acl acl = t.anonymous() != null ? t.anonymous() : acls.get(t.name());
                    if (acl == null) {
                        acl = AclParser.PREDEFINED.get(t.name());
                    }
                    // FALSE is the always-true ACL used negated.
                    boolean negated = AclParser.isPredefinedFalse(acl) != t.negated();
                    terms.add(new Condition.Term(acl, negated));
                }
                alts.add(terms);
            }
            return new Condition(unless, alts);
        }
    }

    /**
     * @param words    starting with {@code if} or {@code unless}
     * @param declared ACL names declared so far in the section
     */
    static Pending parse(List<String> words, Set<String> declared, int line) throws LineError {
        String kw = words.get(0);
        if (!kw.equals("if") && !kw.equals("unless")) {
            throw new LineError("expected 'if' or 'unless', got '" + kw + "'");
        }
        if (words.size() == 1) {
            throw new LineError("missing condition after '" + kw + "'");
        }
        List<List<PendingTerm>> alternatives = new ArrayList<>();
        List<PendingTerm> group = new ArrayList<>();
        boolean negated = false;
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("or") || w.equals("||")) {
                if (group.isEmpty() || negated) {
                    throw new LineError("'" + w + "' must follow a term");
                }
                alternatives.add(group);
                group = new ArrayList<>();
                continue;
            }
            while (w.startsWith("!")) {
                negated = !negated;
                w = w.substring(1);
            }
            if (w.isEmpty()) {
                continue; // a lone '!' applies to the next word
            }
            if (w.equals("{")) {
                int close = i + 1;
                while (close < words.size() && !words.get(close).equals("}")) {
                    if (words.get(close).equals("{")) {
                        throw new LineError("anonymous ACLs cannot be nested");
                    }
                    close++;
                }
                if (close == words.size()) {
                    throw new LineError("missing '}' closing the anonymous ACL");
                }
                List<String> expr = words.subList(i + 1, close);
                if (expr.isEmpty()) {
                    throw new LineError("empty anonymous ACL '{ }'");
                }
                Acl acl = new Acl("{ " + String.join(" ", expr) + " }", List.of(AclParser.criterion(expr, line)));
                group.add(new PendingTerm(null, acl, negated));
                i = close;
            } else if (w.equals("}")) {
                throw new LineError("unexpected '}' without a matching '{'");
            } else if (declared.contains(w) || AclParser.PREDEFINED.containsKey(w)) {
                group.add(new PendingTerm(w, null, negated));
            } else {
                throw new LineError("unknown ACL '" + w + "' (declare it with 'acl' earlier in this section;"
                        + " predefined: TRUE, FALSE, LOCALHOST)");
            }
            negated = false;
        }
        if (negated) {
            throw new LineError("'!' must be followed by a term");
        }
        if (group.isEmpty()) {
            throw new LineError("condition ends with '" + words.get(words.size() - 1) + "' instead of a term");
        }
        alternatives.add(group);
        return new Pending(kw.equals("unless"), alternatives);
    }
}
