package org.lodestar.state;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lodestar.config.Server;
import org.lodestar.health.HealthMonitor;
import org.lodestar.server.AdminCause;
import org.lodestar.server.AdminMode;
import org.lodestar.server.ServerKey;
import org.lodestar.server.ServerStatus;
import org.lodestar.server.ServerStatuses;

/**
 * Administrators' actions on servers (HAProxy's stats page admin: READY, DRAIN, MAINT, weight, checks on
 * or off, check now), applied to each server's {@link ServerStatus} (which tells the balancer) and to the
 * health monitor (which checks accordingly), kept in the {@link StateStore} after every change and restored
 * from it at start. The settings themselves live in the statuses; what is kept is read back from them.
 *
 * <ul>
 * <li>DRAIN: the balancer chooses the server no more; requests in flight finish. Checks go on.</li>
 * <li>MAINT: no traffic, checks paused; back to READY, a checked server takes traffic after its next
 * check passes.</li>
 * <li>A server {@code disabled} in the configuration stays in maintenance: its mode cannot change.</li>
 * </ul>
 * Every action is refused or applied per server, each with a {@link ActionResult}; applied ones are in the
 * server's timeline with the administrator's name. Thread-safe: actions are serialized.
 */
public final class ServerAdministration {
    private static final Logger LOG = Logger.getLogger("lodestar.admin");
    /** The actor named in the timeline for settings restored at start. */
    public static final String RESTORED = "state file";

    private final ServerStatuses servers;
    private final HealthMonitor health;
    private final StateStore store;
    private final Clock clock;
    private final List<String> warnings = new ArrayList<>();

    /** @param clock when the actions happen, for the timeline */
    public ServerAdministration(ServerStatuses servers, HealthMonitor health, StateStore store, Clock clock) {
        this.servers = servers;
        this.health = health;
        this.store = store;
        this.clock = clock;
    }

    private static ServerSettings configured(ServerKey key, Server server) {
        return new ServerSettings(key, server.disabled() ? AdminMode.MAINT : AdminMode.READY, server.weight(), true);
    }

    private static ServerSettings settings(ServerStatus status) {
        ServerKey key = new ServerKey(status.backend(), status.server().name());
        return new ServerSettings(key, status.mode(), status.weight(), status.checksEnabled());
    }

    /**
     * Applies the kept settings. What cannot be applied (a server no longer configured, a setting it cannot
     * take) is skipped with a warning, logged and kept for the dashboard; start goes on.
     */
    public synchronized void restore() {
        StateStore.Loaded loaded = store.load();
        List<String> found = new ArrayList<>(loaded.warnings());
        for (ServerSettings saved : loaded.settings()) {
            ServerKey key = saved.server();
            Optional<ServerStatus> status = servers.find(key.backend(), key.server());
            if (status.isEmpty()) {
                found.add("state file " + store.describe() + ": server " + name(key)
                        + " is no longer in the configuration; its saved state is ignored");
                continue;
            }
            List<ActionResult> results = new ArrayList<>();
            ServerSettings current = settings(status.get());
            if (saved.weight() != current.weight()) {
                results.add(apply(key, new AdminCommand.SetWeight(saved.weight()), RESTORED));
            }
            if (saved.checksEnabled() != current.checksEnabled()) {
                results.add(apply(key, new AdminCommand.SetChecks(saved.checksEnabled()), RESTORED));
            }
            if (saved.mode() != current.mode()) {
                results.add(apply(key, new AdminCommand.SetMode(saved.mode()), RESTORED));
            }
            for (ActionResult result : results) {
                if (result instanceof ActionResult.Refused refused) {
                    found.add("state file " + store.describe() + ": server " + name(key) + ": saved setting not"
                            + " restored, " + refused.reason());
                }
            }
        }
        found.forEach(LOG::warning);
        warnings.addAll(found);
        long restored = kept().size();
        LOG.info("Lodestar server state: " + store.describe() + ", " + restored + " server(s) with saved settings");
    }

    /**
     * Applies one command to several servers, then keeps the new settings if any changed.
     *
     * @param actor the administrator, named in the timeline and the log
     * @return one result per server, in the order given
     */
    public synchronized List<ActionResult> apply(List<ServerKey> keys, AdminCommand command, String actor) {
        List<ActionResult> results = new ArrayList<>();
        for (ServerKey key : keys) {
            ActionResult result = apply(key, command, actor);
            results.add(result);
            LOG.info(() -> "admin " + actor + " on " + name(key) + ": " + describe(result));
        }
        if (results.stream().anyMatch(r -> r instanceof ActionResult.Applied)
                && !(command instanceof AdminCommand.CheckNow)) {
            save();
        }
        return results;
    }

    /** The settings of a server now, if it exists. */
    public synchronized Optional<ServerSettings> settings(ServerKey server) {
        return servers.find(server.backend(), server.server()).map(ServerAdministration::settings);
    }

    /** The settings that differ from the configuration: what the store keeps, and what a reload carries over. */
    public synchronized List<ServerSettings> kept() {
        return servers.all().stream().map(ServerAdministration::settings).filter(this::changed).toList();
    }

    /** What went wrong restoring the kept settings, for the dashboard. */
    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    private ActionResult apply(ServerKey key, AdminCommand command, String actor) {
        Optional<ServerStatus> found = servers.find(key.backend(), key.server());
        if (found.isEmpty()) {
            return new ActionResult.Refused(key, "no such server");
        }
        ServerStatus status = found.get();
        if (command instanceof AdminCommand.SetMode set) {
            return setMode(key, status, set.mode(), actor);
        }
        if (command instanceof AdminCommand.SetWeight set) {
            return setWeight(key, status, set.weight(), actor);
        }
        if (command instanceof AdminCommand.SetChecks set) {
            return setChecks(key, status, set.enabled(), actor);
        }
        return checkNow(key, status);
    }

    private ActionResult setMode(ServerKey key, ServerStatus status, AdminMode mode, String actor) {
        if (status.server().disabled()) {
            return new ActionResult.Refused(key, "disabled in the configuration, it stays in MAINT");
        }
        AdminMode current = status.mode();
        if (current == mode) {
            return new ActionResult.Refused(key, "already " + mode);
        }
        status.setMode(mode, new AdminCause(actor, "state", current.name(), mode.name()), clock.instant());
        if (mode == AdminMode.MAINT || current == AdminMode.MAINT) {
            health.reschedule(key.backend(), key.server());
        }
        return new ActionResult.Applied(key, "state " + current + " → " + mode);
    }

    private ActionResult setWeight(ServerKey key, ServerStatus status, int weight, String actor) {
        if (weight < 0 || weight > Server.MAX_WEIGHT) {
            return new ActionResult.Refused(key, "weight " + weight + " is not 0.." + Server.MAX_WEIGHT);
        }
        int current = status.weight();
        if (weight == current) {
            return new ActionResult.Refused(key, "weight is already " + weight);
        }
        status.setWeight(weight,
                new AdminCause(actor, "weight", Integer.toString(current), Integer.toString(weight)), clock.instant());
        return new ActionResult.Applied(key, "weight " + current + " → " + weight);
    }

    private ActionResult setChecks(ServerKey key, ServerStatus status, boolean enabled, String actor) {
        if (!status.server().check()) {
            return new ActionResult.Refused(key, "no health check configured");
        }
        boolean current = status.checksEnabled();
        if (enabled == current) {
            return new ActionResult.Refused(key, "health checks already " + onOff(enabled));
        }
        status.setChecksEnabled(enabled, new AdminCause(actor, "checks", onOff(current), onOff(enabled)),
                clock.instant());
        health.reschedule(key.backend(), key.server());
        return new ActionResult.Applied(key, "health checks " + onOff(enabled));
    }

    private ActionResult checkNow(ServerKey key, ServerStatus status) {
        Server server = status.server();
        if (!server.check() || server.disabled()) {
            return new ActionResult.Refused(key, "no health check configured");
        }
        if (status.mode() == AdminMode.MAINT) {
            return new ActionResult.Refused(key, "in MAINT, its checks are paused");
        }
        if (!status.checksEnabled()) {
            return new ActionResult.Refused(key, "its health checks are disabled");
        }
        if (!health.checkNow(key.backend(), key.server())) {
            return new ActionResult.Refused(key, "health checks are not running");
        }
        return new ActionResult.Applied(key, "check started");
    }

    private void save() {
        try {
            store.save(kept());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Lodestar could not save the server state to " + store.describe()
                    + "; the change is in effect but will not survive a restart: " + e);
        }
    }

    /** Differs from what the configuration says, so worth keeping. */
    private boolean changed(ServerSettings s) {
        return !s.equals(configured(s.server(), servers.get(s.server().backend(), s.server().server()).server()));
    }

    private static String onOff(boolean enabled) {
        return enabled ? "enabled" : "disabled";
    }

    private static String name(ServerKey key) {
        return key.backend() + "/" + key.server();
    }

    private static String describe(ActionResult result) {
        return result instanceof ActionResult.Refused refused ? "refused, " + refused.reason()
                : ((ActionResult.Applied) result).what();
    }
}
