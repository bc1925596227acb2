package org.lodestar.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The kinds of section of a configuration file, each started by the keyword of its name. A keyword says where it
 * is allowed with a set of them; a {@code listen} section is a frontend and a backend at once, so every keyword
 * allowed in a frontend or a backend lists {@link #LISTEN} too.
 */
enum Section {
    GLOBAL, DEFAULTS, FRONTEND, BACKEND, LISTEN, USERLIST;

    /** Every section that declares or presets a proxy: where proxy keywords may go. */
    static final Set<Section> PROXIES = Collections.unmodifiableSet(EnumSet.of(DEFAULTS, FRONTEND, BACKEND, LISTEN));

    /** The keyword starting this kind of section. */
    String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for frontend and listen sections: they route requests. */
    boolean isFrontend() {
        return this == FRONTEND || this == LISTEN;
    }

    /** True for backend and listen sections: they have servers. */
    boolean isBackend() {
        return this == BACKEND || this == LISTEN;
    }

    /** The kind of section {@code word} starts, if it is a section keyword. */
    static Optional<Section> startedBy(String word) {
        for (Section s : values()) {
            if (s.keyword().equals(word)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The sections in file-manual order, as messages list them: "defaults, backend and listen". */
    static String list(Set<Section> sections) {
        List<String> names = new ArrayList<>();
        EnumSet.copyOf(sections).forEach(s -> names.add(s.keyword()));
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
