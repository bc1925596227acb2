package org.lodestar.config;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The table of known keywords: those the families register for global and for proxy sections (each family a class,
 * as HAProxy's keywords are registered per source file), looked up by the driver, and the "did you mean"
 * suggestions for an unknown one. Userlist sections have their own parser, {@link UserlistParser}.
 */
final class Keywords {
    private static final Map<String, Keyword> GLOBAL = Keyword.index(GlobalKeywords.KEYWORDS);

    private static final Map<String, Keyword> PROXY = Keyword.index(Stream.of(ProxyKeywords.KEYWORDS,
            OptionKeywords.KEYWORDS, TimeoutKeywords.KEYWORDS, ServerKeywords.KEYWORDS, AclKeywords.KEYWORDS,
            RoutingKeywords.KEYWORDS, RewriteKeywords.KEYWORDS, HttpCheckKeywords.KEYWORDS, StatsKeywords.KEYWORDS)
            .flatMap(List::stream).toList());

    private Keywords() {
    }

    /** The keyword {@code word} of a global or proxy section; null if there is none. */
    static Keyword in(Section section, String word) {
        if (section != Section.GLOBAL) {
            return PROXY.get(word);
        }
        Keyword keyword = GLOBAL.get(word);
        return keyword != null ? keyword : GlobalKeywords.ignoredByPrefix(word);
    }

    /**
     * Every keyword and sub-keyword registered ({@code option httpchk}, {@code stats uri}...), as the manual
     * documents them. The kinds of {@code timeout} are {@link TimeoutKeywords#kinds()}.
     */
    static List<Keyword> all() {
        return Stream.of(GLOBAL.values(), PROXY.values(), OptionKeywords.OPTIONS.values(),
                StatsKeywords.SUBKEYWORDS.values(), HttpCheckKeywords.SUBKEYWORDS.values(),
                RewriteKeywords.ACTIONS.values()).flatMap(Collection::stream).toList();
    }

    /** The known keyword closest to {@code word} by edit distance, if within 2; else null. */
    static String suggest(String word) {
        Set<String> all = new TreeSet<>();
        for (Section s : Section.values()) {
            all.add(s.keyword());
        }
        all.addAll(PROXY.keySet());
        all.addAll(GLOBAL.keySet());
        String best = null;
        int bestDistance = 3;
        for (String k : all) {
            int d = distance(word, k);
            if (d < bestDistance && d < k.length() / 2 + 1 && !k.equals(word)) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
