package org.lodestar.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.lodestar.config.Acl.Criterion;
import org.lodestar.config.Acl.Fetch;
import org.lodestar.config.Acl.Match;

/** Parses an ACL expression: {@code <criterion> [-i] [-m <method>] [--] <pattern>...}. */
final class AclParser {
    /** Predefined ACLs. {@code FALSE} is {@code TRUE} referenced negated: see {@link #isPredefinedFalse}. */
    static final Acl TRUE = predefined("TRUE", Fetch.ALWAYS);
    static final Acl FALSE = predefined("FALSE", Fetch.ALWAYS);
    static final Acl LOCALHOST = predefined("LOCALHOST", Fetch.SRC_LOOPBACK);
    static final Map<String, Acl> PREDEFINED = Map.of("TRUE", TRUE, "FALSE", FALSE, "LOCALHOST", LOCALHOST);

    static final String SUPPORTED = "path, path_beg, path_dir, path_end, path_reg, path_sub, "
            + "hdr(<name>), hdr_beg, hdr_dir, hdr_dom, hdr_end, hdr_reg, hdr_sub";

    private static final Map<String, Match> SUFFIXES = Map.of("", Match.EXACT, "_beg", Match.BEG, "_dir", Match.DIR,
            "_end", Match.END, "_reg", Match.REG, "_sub", Match.SUB, "_dom", Match.DOM);
    private static final Map<String, Match> METHODS = Map.of("str", Match.EXACT, "beg", Match.BEG, "dir", Match.DIR,
            "end", Match.END, "reg", Match.REG, "sub", Match.SUB, "dom", Match.DOM);

    private AclParser() {
    }

    private static Acl predefined(String name, Fetch fetch) {
        return new Acl(name, List.of(new Criterion(fetch, null, Match.NONE, false, List.of(), List.of(), 0)));
    }

    static boolean isPredefinedFalse(Acl acl) {
        return acl == FALSE;
    }

    /** @param words the criterion, its flags and its patterns */
    static Criterion criterion(List<String> words, int line) throws LineError {
        if (words.isEmpty()) {
            throw new LineError("missing criterion (one of " + SUPPORTED + ")");
        }
        String crit = words.get(0);
        String base = crit;
        String header = null;
        int paren = crit.indexOf('(');
        if (paren >= 0) {
            if (!crit.endsWith(")")) {
                throw new LineError("missing ')' in criterion '" + crit + "'");
            }
            base = crit.substring(0, paren);
            header = crit.substring(paren + 1, crit.length() - 1).trim();
            if (header.contains(",") && !base.startsWith("http_auth")) {
                throw new LineError("header occurrence in '" + crit + "' is not supported; every occurrence is tried");
            }
        }
        if (base.equals("http_auth") || base.equals("http_auth_group")) {
            return credentials(crit, base, header, words, line);
        }
        Fetch fetch;
        String suffix;
        if (base.startsWith("path")) {
            fetch = Fetch.PATH;
            suffix = base.substring(4);
            if (header != null) {
                throw new LineError("criterion '" + crit + "' takes no argument");
            }
        } else if (base.startsWith("hdr")) {
            fetch = Fetch.HEADER;
            suffix = base.substring(3);
            if (header == null || header.isEmpty()) {
                throw new LineError("criterion '" + base + "' needs a header name, as in '" + base + "(host)'");
            }
            header = header.toLowerCase(Locale.ROOT);
        } else {
            throw new LineError("unknown criterion '" + crit + "' (supported: " + SUPPORTED + ")");
        }
        Match match = SUFFIXES.get(suffix);
        if (match == null || (fetch == Fetch.PATH && match == Match.DOM)) {
            throw new LineError("unknown criterion '" + crit + "' (supported: " + SUPPORTED + ")");
        }
        boolean ignoreCase = false;
        int i = 1;
        while (i < words.size() && words.get(i).startsWith("-")) {
            String flag = words.get(i);
            if (flag.equals("--")) {
                i++;
                break;
            } else if (flag.equals("-i")) {
                ignoreCase = true;
            } else if (flag.equals("-m")) {
                if (i + 1 >= words.size() || !METHODS.containsKey(words.get(i + 1))) {
                    throw new LineError("flag '-m' expects one of str, beg, dir, end, reg, sub, dom");
                }
                match = METHODS.get(words.get(++i));
            } else {
                throw new LineError("unsupported flag '" + flag + "' (supported: -i, -m, --)");
            }
            i++;
        }
        List<String> patterns = List.copyOf(words.subList(i, words.size()));
        if (patterns.isEmpty()) {
            throw new LineError("criterion '" + crit + "' needs at least one pattern");
        }
        List<Pattern> regexes = new ArrayList<>();
        if (match == Match.REG) {
            for (String p : patterns) {
                regexes.add(compile(p, ignoreCase));
            }
        }
        return new Criterion(fetch, header, match, ignoreCase, patterns, regexes, line);
    }

    /**
     * {@code http_auth(<userlist>)} and {@code http_auth_group(<userlist>) <group>...}. Whether the userlist and
     * its groups exist is checked once the whole file is read (a userlist may come after its use).
     */
    private static Criterion credentials(String crit, String base, String userlist, List<String> words, int line)
            throws LineError {
        if (userlist == null || userlist.isEmpty()) {
            throw new LineError("criterion '" + base + "' needs a userlist name, as in '" + base + "(stats-auth)'");
        }
        if (!Args.NAME.matcher(userlist).matches()) {
            throw new LineError("invalid userlist name '" + userlist + "' in '" + crit + "'");
        }
        List<String> rest = List.copyOf(words.subList(1, words.size()));
        if (base.equals("http_auth")) {
            if (!rest.isEmpty()) {
                throw new LineError("criterion '" + crit + "' takes no pattern, got '" + rest.get(0) + "'");
            }
            return new Criterion(Fetch.HTTP_AUTH, userlist, Match.NONE, false, List.of(), List.of(), line);
        }
        if (rest.isEmpty()) {
            throw new LineError("criterion '" + crit + "' needs at least one group");
        }
        for (String group : rest) {
            if (group.startsWith("-")) {
                throw new LineError("criterion '" + crit + "' takes group names only, got '" + group + "'");
            }
        }
        return new Criterion(Fetch.HTTP_AUTH_GROUP, userlist, Match.NONE, false, rest, List.of(), line);
    }

    /** Compiles a HAProxy regex with java.util.regex; {@code .} does not match a newline. */
    static Pattern compile(String regex, boolean ignoreCase) throws LineError {
        try {
            return Pattern.compile(regex, ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
        } catch (PatternSyntaxException e) {
            String where = e.getIndex() >= 0 ? " near index " + e.getIndex() : "";
            throw new LineError("invalid regex '" + regex + "': " + e.getDescription() + where);
        }
    }
}
