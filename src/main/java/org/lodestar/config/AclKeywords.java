package org.lodestar.config;

import static org.lodestar.config.Section.BACKEND;
import static org.lodestar.config.Section.FRONTEND;
import static org.lodestar.config.Section.LISTEN;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code acl}, and the {@code if|unless} conditions of the other families' keywords, which name those ACLs. The
 * userlists that {@code http_auth} criteria name are remembered, to be checked once the whole file is read.
 */
final class AclKeywords {
    static final List<Keyword> KEYWORDS = List.of(
            new Keyword("acl", EnumSet.of(FRONTEND, BACKEND, LISTEN), AclKeywords::acl));

    private AclKeywords() {
    }

    /** {@code acl <name> <criterion> [flags] <pattern>...}: declaring a name again ORs the declarations. */
    private static void acl(ParseState st, List<String> words) throws LineError {
        if (words.size() < 2) {
            throw new LineError("'acl' expects a name, a criterion and patterns");
        }
        String name = words.get(1);
        if (!Args.NAME.matcher(name).matches() || name.contains(":")) {
            throw new LineError("'acl': invalid ACL name '" + name + "' (letters, digits, '-', '_' and '.' only)");
        }
        try {
            Acl.Criterion c = AclParser.criterion(words.subList(2, words.size()), st.line());
            st.proxy().acls.computeIfAbsent(name, n -> new ArrayList<>()).add(c);
            referenced(st, "'acl " + name + "'", c);
        } catch (LineError e) {
            throw new LineError("'acl " + name + "': " + e.getMessage());
        }
    }

    /**
     * Parses an optional {@code if|unless} condition starting at {@code at}; null when there is none. Its named ACLs
     * are those declared so far in the section, resolved when the section is complete.
     *
     * @param kw the keyword the condition belongs to, for messages
     */
    static ConditionParser.Pending condition(ParseState st, String kw, List<String> words, int at)
            throws LineError {
        if (at >= words.size()) {
            return null;
        }
        String w = words.get(at);
        if (!w.equals("if") && !w.equals("unless")) {
            throw new LineError("'" + kw + "': expected 'if' or 'unless', got '" + w + "'");
        }
        Set<String> declared = st.proxy() != null ? st.proxy().acls.keySet() : Set.of();
        ConditionParser.Pending pending;
        try {
            pending = ConditionParser.parse(words.subList(at, words.size()), declared, st.line());
        } catch (LineError e) {
            throw new LineError("'" + kw + "': " + e.getMessage());
        }
        pending.alternatives().forEach(group -> group.stream().filter(t -> t.anonymous() != null)
                .forEach(t -> t.anonymous().criteria().forEach(c -> referenced(st, "'" + kw + "'", c))));
        return pending;
    }

    private static void referenced(ParseState st, String context, Acl.Criterion criterion) {
        if (criterion.fetch() == Acl.Fetch.HTTP_AUTH || criterion.fetch() == Acl.Fetch.HTTP_AUTH_GROUP) {
            st.referenced(context, criterion);
        }
    }
}
