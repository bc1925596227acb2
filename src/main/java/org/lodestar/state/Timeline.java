package org.lodestar.state;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;
import org.lodestar.config.Backend;
import org.lodestar.config.Config;
import org.lodestar.config.Server;
import org.lodestar.server.AdminCause;
import org.lodestar.server.TrackedCause;
import org.lodestar.server.CheckResult;
import org.lodestar.server.Transition;

/**
 * The dashboard's timeline: the last changes of every server, newest first, each with when, from what to
 * what, and why — the check result that moved it, or the administrator who acted and what they did.
 * Every text is plain: the page escapes it (server names come from the configuration, check descriptions
 * from backends).
 */
public final class Timeline {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Timeline() {
    }

    /**
     * One change.
     *
     * @param admin whether an administrator (or the restored state) caused it, for the page's styling
     */
    public record Entry(String backend, String server, Instant at, String when, String from, String to, String why,
                        boolean admin) {
    }

    /**
     * @param history a server's transitions, oldest first, by backend and server name
     * @param limit   the most entries returned
     */
    public static List<Entry> of(Config config, BiFunction<String, String, List<Transition>> history, int limit) {
        List<Entry> entries = new ArrayList<>();
        for (Backend backend : config.backends().values()) {
            for (Server server : backend.servers()) {
                for (Transition t : history.apply(backend.name(), server.name())) {
                    entries.add(entry(backend.name(), t));
                }
            }
        }
        entries.sort(Comparator.comparing(Entry::at).reversed());
        return List.copyOf(entries.subList(0, Math.min(limit, entries.size())));
    }

    static Entry entry(String backend, Transition t) {
        String when = WHEN.format(t.at());
        if (t.cause() instanceof TrackedCause tracked) {
            Entry source = entry(backend, new Transition(t.server(), t.at(), t.from(), t.to(), tracked.cause()));
            return new Entry(backend, t.server(), t.at(), when, t.from().name(), t.to().name(),
                    "tracks " + tracked.tracked() + ": " + source.why(), false);
        }
        if (t.cause() instanceof AdminCause admin) {
            String prefix = admin.setting().equals("state") ? "" : admin.setting() + " ";
            String who = admin.actor().equals(ServerAdministration.RESTORED)
                    ? "restored from the state file" : "admin " + admin.actor();
            return new Entry(backend, t.server(), t.at(), when, prefix + admin.from(), prefix + admin.to(),
                    who + " set " + admin.setting() + " to " + admin.to(), true);
        }
        CheckResult check = (CheckResult) t.cause();
        StringBuilder why = new StringBuilder("check ").append(check.code());
        if (check.httpCode() != CheckResult.NO_HTTP_CODE) {
            why.append('/').append(check.httpCode());
        }
        why.append(" in ").append(check.durationMillis()).append("ms");
        if (!check.description().isEmpty()) {
            why.append(": ").append(check.description());
        }
        return new Entry(backend, t.server(), t.at(), when, t.from().name(), t.to().name(), why.toString(), false);
    }
}
