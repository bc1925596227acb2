package org.lodestar.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a configuration written in the HAProxy language (see docs/configuration.md). Every error is
 * collected, as {@code FILE:LINE: message}, and reported together in one {@link ConfigException}; lines
 * that are accepted but have no effect become warnings in {@link Config#warnings()}.
 *
 * <p>It is the driver, shaped as HAProxy's cfgparse.c: it splits the lines into words, moves from section to
 * section (refusing duplicate proxy names as they come), and hands every other line to the keyword registered for
 * it ({@link Keywords}, one class per family) or to {@link UserlistParser}. Once the last line is read,
 * {@link ConfigValidator} checks what needs the whole file, and the sections become the records.
 */
public final class ConfigParser {
    private final String file;
    private final LineTokenizer tokenizer;
    private final Diagnostics diagnostics;
    private final ParseState state;
    private final UserlistParser userlists;
    private final List<ProxySection> proxies = new ArrayList<>();
    private final Map<String, ProxySection> frontendsByName = new HashMap<>();
    /** In file order, as messages list them. */
    private final Map<String, ProxySection> backendsByName = new LinkedHashMap<>();

    private ConfigParser(String file, Function<String, String> env) {
        this.file = file;
        this.tokenizer = new LineTokenizer(env);
        this.diagnostics = new Diagnostics(file);
        this.state = new ParseState(diagnostics);
        this.userlists = new UserlistParser(diagnostics::warn);
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
                    line(words);
                }
            } catch (LineError e) {
                state.error(e.getMessage());
            }
        }
        Map<String, Userlist> lists = userlists.build(diagnostics::error);
        new ConfigValidator(diagnostics).validate(proxies, backendsByName.keySet(), lists, state.references());
        diagnostics.throwIfErrors();
        return config(lists);
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

    private void line(List<String> words) throws LineError {
        String kw = words.get(0);
        Optional<Section> started = Section.startedBy(kw);
        if (started.isPresent()) {
            start(started.get(), words);
        } else if (state.section() == null) {
            throw new LineError("'" + kw + "' outside of any section (start one with 'global', 'defaults',"
                    + " 'frontend', 'backend' or 'listen')");
        } else if (state.section() == Section.USERLIST) {
            userlists.keyword(words, state.line());
        } else {
            Keyword keyword = Keywords.in(state.section(), kw);
            if (keyword == null) {
                String suggestion = Keywords.suggest(kw);
                throw new LineError("unknown keyword '" + kw + "' in '" + state.section().keyword() + "' section"
                        + (suggestion != null ? "; did you mean '" + suggestion + "'?" : ""));
            }
            keyword.read(state, words);
        }
    }

    private void start(Section kind, List<String> words) throws LineError {
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
            default -> startProxy(kind, words);
        }
    }

    private void startProxy(Section kind, List<String> words) throws LineError {
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

    /** Frontend names are unique among frontends and listens, backend names among backends and listens. */
    private void register(ProxySection p) {
        if (p.isFrontend()) {
            unique(p, frontendsByName.putIfAbsent(p.name, p), "frontend");
        }
        if (p.isBackend()) {
            unique(p, backendsByName.putIfAbsent(p.name, p), "backend");
        }
    }

    private void unique(ProxySection p, ProxySection other, String side) {
        if (other != null) {
            state.error(p.kind.keyword() + " '" + p.name + "' has the same name as " + other.kind.keyword() + " '"
                    + other.name + "' declared at line " + other.line + " (" + side + " names must be unique)");
        }
    }

    /** The records of the sections read, in file order; a backend name declared twice is the first one's. */
    private Config config(Map<String, Userlist> lists) {
        List<Frontend> frontends = proxies.stream().filter(ProxySection::isFrontend).map(ProxySection::toFrontend)
                .toList();
        Map<String, Backend> backends = new LinkedHashMap<>();
        proxies.stream().filter(ProxySection::isBackend).forEach(p -> backends.putIfAbsent(p.name, p.toBackend()));
        return new Config(file, frontends, backends, diagnostics.warnings(),
                Optional.ofNullable(state.serverStateFile()), lists,
                Optional.ofNullable(state.cluster()));
    }
}
