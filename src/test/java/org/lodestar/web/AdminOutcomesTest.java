package org.lodestar.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lodestar.config.Diagnostic;
import org.lodestar.container.ReloadOutcome;

/** The banner lines the dashboard shows after "Reload configuration". */
class AdminOutcomesTest {
    @Test
    void reloadedConfigurationNamesItsSourceCountsAndWarnings() {
        AdminOutcomes.Outcome outcome = AdminOutcomes.Outcome.of(new ReloadOutcome.Reloaded("/etc/lodestar.cfg", 1, 3,
                List.of(new Diagnostic("/etc/lodestar.cfg", 7, "'option httplog clf' is accepted but ignored"))));
        assertTrue(outcome.allApplied());
        assertEquals(List.of("Reloaded /etc/lodestar.cfg: 1 frontend(s), 3 backend(s).",
                "warning: /etc/lodestar.cfg:7: 'option httplog clf' is accepted but ignored"), outcome.lines());
    }

    @Test
    void refusedConfigurationListsEveryProblemAndSaysTheRunningOneStays() {
        AdminOutcomes.Outcome outcome = AdminOutcomes.Outcome.of(new ReloadOutcome.Refused("/etc/lodestar.cfg",
                List.of("/etc/lodestar.cfg:2: unknown keyword 'bogus' in 'global' section",
                        "/etc/lodestar.cfg:9: unterminated double quote")));
        assertFalse(outcome.allApplied());
        assertEquals(List.of("Reload of /etc/lodestar.cfg refused, the running configuration stays:",
                "/etc/lodestar.cfg:2: unknown keyword 'bogus' in 'global' section",
                "/etc/lodestar.cfg:9: unterminated double quote"), outcome.lines());
    }
}
