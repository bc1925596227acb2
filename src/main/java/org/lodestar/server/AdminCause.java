package org.lodestar.server;

import java.util.Objects;

/**
 * An administrator's action on a server, as the timeline tells it: who, what, and the setting before and
 * after ({@code READY} to {@code MAINT}, weight {@code 1} to {@code 5}).
 *
 * @param actor   the authenticated user, or the source of a restored setting (the state file)
 * @param setting what was set: {@code state}, {@code weight}, {@code checks}, {@code check}
 * @param from    the setting before, as the dashboard shows it
 * @param to      the setting after
 */
public record AdminCause(String actor, String setting, String from, String to) implements TransitionCause {
    public AdminCause {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
