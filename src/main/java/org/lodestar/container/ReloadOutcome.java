package org.lodestar.container;

import java.util.List;
import org.lodestar.config.Diagnostic;

/** What became of a reload: the new configuration runs, or it was refused and the old one still runs. */
public sealed interface ReloadOutcome {
    /** The configuration named {@code source} runs now; its warnings, as at start. */
    record Reloaded(String source, int frontends, int backends, List<Diagnostic> warnings) implements ReloadOutcome {
        public Reloaded {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Nothing changed. {@code problems} lists every error as {@code FILE:LINE: message}, or the reason the
     * file could not be read.
     */
    record Refused(String source, List<String> problems) implements ReloadOutcome {
        public Refused {
            problems = List.copyOf(problems);
        }
    }
}
