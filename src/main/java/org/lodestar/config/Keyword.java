package org.lodestar.config;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A keyword as a family registers it, the way HAProxy registers its configuration keywords: its name, the sections
 * allowing it, and what reads its lines. Used elsewhere, the line is refused naming the sections that allow it.
 */
record Keyword(String name, Set<Section> sections, Reader reader) {
    /** Reads one line of the keyword, all its words with the keyword first, into the parse state. */
    @FunctionalInterface
    interface Reader {
        void read(ParseState state, List<String> words) throws LineError;
    }

    Keyword {
        sections = Collections.unmodifiableSet(EnumSet.copyOf(sections));
    }

    /** A keyword that is valid HAProxy but means nothing inside an application server: a warning says why. */
    static Keyword ignored(String name, Set<Section> sections, String reason) {
        return new Keyword(name, sections, (state, words) -> state.warn("'" + name + "' ignored: " + reason));
    }

    /**
     * Keywords by the word a line is looked up with: a keyword by itself, a sub-keyword such as {@code option
     * httpchk} by its last word, as its family looks it up.
     */
    static Map<String, Keyword> index(List<Keyword> keywords) {
        Map<String, Keyword> index = new HashMap<>();
        for (Keyword k : keywords) {
            if (index.put(k.name().substring(k.name().lastIndexOf(' ') + 1), k) != null) {
                throw new IllegalStateException("'" + k.name() + "' registered twice");
            }
        }
        return Map.copyOf(index);
    }

    static Map<String, Keyword> index(Keyword... keywords) {
        return index(List.of(keywords));
    }

    /** Reads the line if the current section allows the keyword. */
    void read(ParseState state, List<String> words) throws LineError {
        state.allowed(name, sections);
        reader.read(state, words);
    }
}
