package org.lodestar.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a configuration written in the HAProxy language (see docs/configuration.md). Every error is
 * collected, as {@code FILE:LINE: message}, and reported together in one {@link ConfigException}; lines
 * that are accepted but have no effect become warnings in {@link Config#warnings()}.
 */
public final class ConfigParser {
    private final String file;
    private final LineTokenizer tokenizer;
    private final Diagnostics diagnostics;
    private final UserlistParser userlists;
    private final ParseState state;
    private final List<ProxySection> proxies = new ArrayList<>();
    private final Map<String, ProxySection> frontendsByName = new HashMap<>();
    private final Map<String, ProxySection> backendsByName = new LinkedHashMap<>();

    private ConfigParser(String file, Function<String, String> env) {
        this.file = file;
        this.tokenizer = new LineTokenizer(env);
        this.diagnostics = new Diagnostics(file);
        this.userlists = new UserlistParser(diagnostics::warn);
        this.state = new ParseState(diagnostics, userlists);
    }

    /** Reads a UTF-8 file; diagnostics name it as given. */
    public static Config parse(Path path) throws IOException, ConfigException {
        return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    }

    /**
     * @param fileName the name used in diagnostics
     * @throws ConfigException listing every error found
     */
    public static Config parse(String fileName, String text) throws ConfigException {
        return parse(fileName, text, System::getenv);
    }

    /** As {@link #parse(String, String)}, with a given environment (for tests). */
    static Config parse(String fileName, String text, Function<String, String> env) throws ConfigException {
        return new ConfigParser(fileName, env).run(text);
    }

    private Config run(String text) throws ConfigException {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            state.line(i + 1);
            try {
                List<String> words = words(lines[i]);
                if (!words.isEmpty()) {
                    keyword(words);
                }
            } catch (LineError e) {
                state.error(e.getMessage());
            }
        }
        Config config = build();
        Map<String, Userlist> lists = userlists.build(diagnostics::error);
        diagnostics.throwIfErrors();
        return new Config(config.source(), config.frontends(), config.backends(), diagnostics.warnings(),
                Optional.ofNullable(state.serverStateFile()), lists);
    }

    /**
     * The words of a line. In a userlist, a {@code $} outside double quotes is literal, as it is everywhere in
     * HAProxy, so that crypt(3) hashes ({@code $6$salt$...}) need no quoting.
     */
    private List<String> words(String text) throws LineError {
        if (state.section() != Section.USERLIST) {
            return tokenizer.words(text);
        }
        List<String> words = tokenizer.literalDollars(text);
        return !words.isEmpty() && Section.startedBy(words.get(0)).isPresent() ? tokenizer.words(text) : words;
    }

    // ---------------------------------------------------------------- sections

    private void keyword(List<String> words) throws LineError {
        String kw = words.get(0);
        Optional<Section> started = Section.startedBy(kw);
        if (started.isPresent()) {
            section(started.get(), words);
        } else if (state.section() == null) {
            throw new LineError("'" + kw + "' outside of any section (start one with 'global', 'defaults',"
                    + " 'frontend', 'backend' or 'listen')");
        } else if (state.section() == Section.USERLIST) {
            userlists.keyword(words, state.line());
        } else {
            Keyword keyword = Keywords.in(state.section(), kw);
            if (keyword == null) {
                throw unknown(state, kw);
            }
            keyword.read(state, words);
        }
    }

    private void section(Section kind, List<String> words) throws LineError {
        switch (kind) {
            case GLOBAL -> {
                state.enter(kind);
                if (words.size() > 1) {
                    throw new LineError("'global' takes no argument");
                }
            }
            case DEFAULTS -> {
                state.enter(kind);
                if (words.size() > 2) {
                    throw new LineError("'defaults' takes at most a name");
                }
                if (words.size() == 2) {
                    Args.name("defaults", words.get(1));
                }
            }
            case USERLIST -> {
                state.enter(kind);
                userlists.start(words, state.line());
            }
            default -> {
                String kw = kind.keyword();
                if (words.size() < 2) {
                    // keep reading the section's lines for their own errors, but do not keep the section
                    state.enterProxy(kind, "");
                    throw new LineError("'" + kw + "' needs a name");
                }
                String name = words.get(1);
                ProxySection proxy = state.enterProxy(kind, name);
                proxies.add(proxy);
                Args.name(kw, name);
                if (words.size() > 2) {
                    state.error("'" + kw + " " + name + "': unexpected argument '" + words.get(2)
                            + "' (addresses go on 'bind' lines)");
                }
                register(proxy);
            }
        }
    }

    private void register(ProxySection p) {
        String kw = p.kind.keyword();
        if (p.isFrontend()) {
            ProxySection other = frontendsByName.putIfAbsent(p.name, p);
            if (other != null) {
                state.error(kw + " '" + p.name + "' has the same name as " + other.kind.keyword() + " '" + other.name
                        + "' declared at line " + other.line + " (frontend names must be unique)");
            }
        }
        if (p.isBackend()) {
            ProxySection other = backendsByName.putIfAbsent(p.name, p);
            if (other != null) {
                state.error(kw + " '" + p.name + "' has the same name as " + other.kind.keyword() + " '" + other.name
                        + "' declared at line " + other.line + " (backend names must be unique)");
            }
        }
    }

    // ---------------------------------------------------------------- global

    private static LineError unknown(ParseState st, String kw) {
        String suggestion = Keywords.suggest(kw);
        return new LineError("unknown keyword '" + kw + "' in '" + st.section().keyword() + "' section"
                + (suggestion != null ? "; did you mean '" + suggestion + "'?" : ""));
    }

    // ---------------------------------------------------------------- proxies

    // ---------------------------------------------------------------- ACLs and routing

    // ---------------------------------------------------------------- servers

    // ---------------------------------------------------------------- build and validate

    private Config build() {
        List<Frontend> frontends = new ArrayList<>();
        Map<String, Backend> backends = new LinkedHashMap<>();
        ProxySection catchAll = null;
        Set<String> routed = new LinkedHashSet<>();
        for (ProxySection p : proxies) {
            if (p.isFrontend()) {
                p.rules.forEach(r -> routed.add(r.backend()));
                if (p.settings.defaultBackend != null) {
                    routed.add(p.settings.defaultBackend);
                }
            }
        }
        for (ProxySection p : proxies) {
            Map<String, Acl> acls = p.finalAcls();
            ProxySettings s = p.settings;
            statsUsers(p, routed);
            if (p.isFrontend()) {
                List<SwitchRule> rules = new ArrayList<>();
                for (ProxySection.PendingRule r : p.rules) {
                    checkBackend("use_backend", r.backend(), r.line());
                    Condition condition = r.condition().resolve(acls);
                    noCredentials("use_backend", condition, r.line());
                    rules.add(new SwitchRule(r.backend(), condition, r.line()));
                }
                if (s.defaultBackend != null) {
                    checkBackend("default_backend", s.defaultBackend, s.defaultBackendLine);
                }
                String kw = p.kind.keyword();
                if (catchAll != null) {
                    diagnostics.warn(p.line, kw + " '" + p.name + "' is never reached: " + catchAll.kind.keyword() + " '"
                            + catchAll.name + "' (line " + catchAll.line + ") has a default_backend");
                } else if (s.defaultBackend != null) {
                    catchAll = p;
                }
                if (p.rules.isEmpty() && s.defaultBackend == null) {
                    diagnostics.warn(p.line, kw + " '" + p.name + "' has no 'use_backend' and no 'default_backend': it never routes"
                            + " a request");
                }
                if (s.client == null) {
                    diagnostics.warn(p.line, kw + " '" + p.name + "' has no 'timeout client'");
                }
                frontends.add(new Frontend(p.name, p.line, rules, Optional.ofNullable(s.defaultBackend), s.maxconn,
                        s.timeouts(), s.log(), s.forwardFor, s.stats(acls)));
            }
            if (p.isBackend()) {
                String kw = p.kind.keyword();
                if (p.servers.isEmpty()) {
                    diagnostics.warn(p.line, kw + " '" + p.name + "' has no server: requests routed to it get 503");
                }
                if (s.connect == null) {
                    diagnostics.warn(p.line, kw + " '" + p.name + "' has no 'timeout connect'; Lodestar uses "
                            + human(Timeouts.DEFAULT_CONNECT));
                }
                if (s.server == null) {
                    diagnostics.warn(p.line, kw + " '" + p.name + "' has no 'timeout server'; Lodestar uses "
                            + human(Timeouts.DEFAULT_SERVER));
                }
                if (s.httpchk == null && s.httpCheckLine > 0) {
                    diagnostics.warn(s.httpCheckLine, "'http-check' has no effect in " + kw + " '" + p.name
                            + "' without 'option httpchk'");
                }
                List<RequestRewrite> rewrites = new ArrayList<>();
                p.rewrites.forEach(f -> rewrites.add(f.apply(acls)));
                rewrites.forEach(r -> r.condition().ifPresent(c -> noCredentials("http-request", c, r.line())));
                backends.putIfAbsent(p.name, new Backend(p.name, p.line, s.balance, p.servers, s.retries,
                        s.redispatch, s.timeouts(), rewrites, s.healthCheck(), s.log(), s.forwardFor, s.stats(acls)));
            }
        }
        return new Config(file, frontends, backends, List.of());
    }

    /** http_auth ACLs need the credentials Lodestar checks for its own pages; the proxied traffic has none. */
    private void noCredentials(String kw, Condition condition, int at) {
        if (!condition.userlists().isEmpty()) {
            diagnostics.error(at, "'" + kw + "': its condition checks credentials (http_auth, http_auth_group), which Lodestar"
                    + " evaluates only in 'stats http-request auth' and 'stats admin' conditions");
        }
    }

    /** What HAProxy refuses or what cannot let anybody in, about the users of a section's statistics. */
    private void statsUsers(ProxySection p, Set<String> routed) {
        List<ProxySettings.PendingAuthRule> rules = p.settings.statsAuthRules;
        if (!rules.isEmpty() && p.statsAuthOrRealmLine > 0) {
            diagnostics.error(rules.get(0).line(), "'stats http-request' cannot be used with 'stats auth' or 'stats realm' in the"
                    + " same section (line " + p.statsAuthOrRealmLine + "), as in HAProxy: put the users in a userlist"
                    + " and the realm on the rule ('stats http-request auth realm <realm>')");
        }
        for (ProxySettings.PendingAuthRule rule : rules) {
            Condition condition = rule.condition() == null ? null : rule.condition().resolve(p.finalAcls());
            if (condition == null || condition.userlists().isEmpty()) {
                diagnostics.warn(rule.line(), "'stats http-request auth' checks no userlist (http_auth(<userlist>) or"
                        + " http_auth_group(<userlist>) <group>): nobody can log in through it, Lodestar never"
                        + " serves the statistics without a login");
            }
        }
        if (p.kind == Section.BACKEND && p.statsAuthLine > 0 && !routed.contains(p.name)) {
            diagnostics.warn(p.line, "backend '" + p.name + "' only serves to declare 'stats auth' users (no frontend routes to"
                    + " it), yet it shows as a proxy on the stats page: declare the users in a 'userlist' section"
                    + " instead (see 'userlist' in docs/configuration.md)");
        }
    }

    private void checkBackend(String kw, String name, int at) {
        if (!backendsByName.containsKey(name)) {
            Set<String> names = new LinkedHashSet<>(backendsByName.keySet());
            diagnostics.error(at, "'" + kw + "': no backend named '" + name + "'"
                    + (names.isEmpty() ? " (there is no backend)" : " (backends: " + String.join(", ", names) + ")"));
        }
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
