package org.lodestar.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lodestar.config.ForwardFor;
import org.lodestar.config.Frontend;
import org.lodestar.config.LogOptions;
import org.lodestar.config.Stats;
import org.lodestar.config.SwitchRule;
import org.lodestar.config.Timeouts;

/** A {@code frontend} section's record, with HAProxy's defaults for every keyword not set. */
public final class FrontendBuilder {
    private final String name;
    private int line = 1;
    private final List<SwitchRule> rules = new ArrayList<>();
    private Optional<String> defaultBackend = Optional.empty();

    FrontendBuilder(String name) {
        this.name = name;
    }

    public FrontendBuilder line(int value) {
        line = value;
        return this;
    }

    /** {@code use_backend} rules, in file order. */
    public FrontendBuilder rules(SwitchRule... value) {
        rules.addAll(List.of(value));
        return this;
    }

    public FrontendBuilder defaultBackend(String value) {
        defaultBackend = Optional.of(value);
        return this;
    }

    public Frontend build() {
        return new Frontend(name, line, rules, defaultBackend, 0, Timeouts.NONE, LogOptions.NONE, ForwardFor.DEFAULT,
                Stats.DISABLED, Optional.empty());
    }
}
