package org.lodestar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The section kinds: the keywords starting them and how messages list where a keyword is allowed. */
class SectionTest {
    @Test
    void sectionsAreListedInManualOrderWhateverTheSetOrder() {
        assertEquals("defaults, backend and listen",
                Section.list(EnumSet.of(Section.LISTEN, Section.BACKEND, Section.DEFAULTS)));
        assertEquals("frontend, backend and listen", Section.list(EnumSet.of(Section.FRONTEND, Section.BACKEND,
                Section.LISTEN)));
        assertEquals("frontend and listen", Section.list(EnumSet.of(Section.FRONTEND, Section.LISTEN)));
        assertEquals("defaults, frontend, backend and listen", Section.list(Section.PROXIES));
        assertEquals("global", Section.list(EnumSet.of(Section.GLOBAL)));
    }

    @Test
    void eachSectionKeywordStartsItsSection() {
        for (Section s : Section.values()) {
            assertEquals(Optional.of(s), Section.startedBy(s.keyword()));
        }
        assertEquals(Optional.empty(), Section.startedBy("Frontend"));
        assertEquals(Optional.empty(), Section.startedBy("peers"));
    }

    @Test
    void listenTakesEveryKeywordOfFrontendsAndBackends() {
        for (Keyword k : Keywords.all()) {
            if (k.sections().contains(Section.FRONTEND) || k.sections().contains(Section.BACKEND)) {
                assertTrue(k.sections().contains(Section.LISTEN), k.name());
            }
        }
    }
}
