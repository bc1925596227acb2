package org.lodestar.state;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lodestar.balance.ServerPool;
import org.lodestar.config.Backend;
import org.lodestar.config.Config;
import org.lodestar.config.Server;
import org.lodestar.health.HealthMonitor;
import org.lodestar.server.AdminCause;
import org.lodestar.server.AdminMode;
import org.lodestar.server.ServerKey;

/**
 * Administrators' actions on servers (HAProxy's stats page admin: READY, DRAIN, MAINT, weight, checks on
 * or off, check now), applied to the balancer and the health monitor, kept in the {@link StateStore}
 * after every change and restored from it at start.
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

    private final Map<String, Backend> backends;
    private final Map<String, ServerPool> pools;
    private final HealthMonitor health;
    private final StateStore store;
    private final Map<ServerKey, ServerSettings> settings = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    public ServerAdministration(Config config, Map<String, ServerPool> pools, HealthMonitor health, StateStore store) {
        this.backends = config.backends();
        this.pools = pools;
        this.health = health;
        this.store = store;
        for (Backend backend : backends.values()) {
            for (Server server : backend.servers()) {
                ServerKey key = new ServerKey(backend.name(), server.name());
                settings.put(key, configured(key, server));
            }
        }
    }

    private static ServerSettings configured(ServerKey key, Server server) {
        return new ServerSettings(key, server.disabled() ? AdminMode.MAINT : AdminMode.READY, server.weight(), true);
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
            if (!settings.containsKey(key)) {
                found.add("state file " + store.describe() + ": server " + name(key)
                        + " is no longer in the configuration; its saved state is ignored");
                continue;
            }
            List<ActionResult> results = new ArrayList<>();
            ServerSettings current = settings.get(key);
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
        long restored = settings.values().stream().filter(this::changed).count();
        LOG.info("Lodestar server state: " + store.describe() + ", " + restored + " server(s) with saved settings");
    }

    /**
     * Applies one command to several servers, then keeps the new settings if any changed.
     *
     * @param actor the administrator, named in the timeline and the log
     * @return one result per server, in the order given
     */
    public synchronized List<ActionResult> apply(List<ServerKey> servers, AdminCommand command, String actor) {
        List<ActionResult> results = new ArrayList<>();
        for (ServerKey key : servers) {
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
        return Optional.ofNullable(settings.get(server));
    }

    /** The settings that differ from the configuration: what the store keeps, and what a reload carries over. */
    public synchronized List<ServerSettings> kept() {
        return settings.values().stream().filter(this::changed).toList();
    }

    /** What went wrong restoring the kept settings, for the dashboard. */
    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    private ActionResult apply(ServerKey key, AdminCommand command, String actor) {
        ServerSettings current = settings.get(key);
        if (current == null) {
            return new ActionResult.Refused(key, "no such server");
        }
        Server server = backends.get(key.backend()).servers().stream()
                .filter(s -> s.name().equals(key.server())).findFirst().orElseThrow();
        ServerPool pool = pools.get(key.backend());
        if (command instanceof AdminCommand.SetMode set) {
            return setMode(key, server, pool, current, set.mode(), actor);
        }
        if (command instanceof AdminCommand.SetWeight set) {
            return setWeight(key, pool, current, set.weight(), actor);
        }
        if (command instanceof AdminCommand.SetChecks set) {
            return setChecks(key, server, current, set.enabled(), actor);
        }
        return checkNow(key, server, current);
    }

    private ActionResult setMode(ServerKey key, Server server, ServerPool pool, ServerSettings current,
                                 AdminMode mode, String actor) {
        if (server.disabled()) {
            return new ActionResult.Refused(key, "disabled in the configuration, it stays in MAINT");
        }
        if (current.mode() == mode) {
            return new ActionResult.Refused(key, "already " + mode);
        }
        AdminCause cause = new AdminCause(actor, "state", current.mode().name(), mode.name());
        pool.setDraining(key.server(), mode == AdminMode.DRAIN);
        if (mode == AdminMode.MAINT || current.mode() == AdminMode.MAINT) {
            health.setMaintenance(key.backend(), key.server(), mode == AdminMode.MAINT, cause);
        } else {
            health.note(key.backend(), key.server(), cause);
        }
        settings.put(key, new ServerSettings(key, mode, current.weight(), current.checksEnabled()));
        return new ActionResult.Applied(key, "state " + current.mode() + " → " + mode);
    }

    private ActionResult setWeight(ServerKey key, ServerPool pool, ServerSettings current, int weight, String actor) {
        if (weight < 0 || weight > Server.MAX_WEIGHT) {
            return new ActionResult.Refused(key, "weight " + weight + " is not 0.." + Server.MAX_WEIGHT);
        }
        if (weight == current.weight()) {
            return new ActionResult.Refused(key, "weight is already " + weight);
        }
        pool.setWeight(key.server(), weight);
        health.note(key.backend(), key.server(),
                new AdminCause(actor, "weight", Integer.toString(current.weight()), Integer.toString(weight)));
        settings.put(key, new ServerSettings(key, current.mode(), weight, current.checksEnabled()));
        return new ActionResult.Applied(key, "weight " + current.weight() + " → " + weight);
    }

    private ActionResult setChecks(ServerKey key, Server server, ServerSettings current, boolean enabled,
                                   String actor) {
        if (!server.check()) {
            return new ActionResult.Refused(key, "no health check configured");
        }
        if (enabled == current.checksEnabled()) {
            return new ActionResult.Refused(key, "health checks already " + onOff(enabled));
        }
        health.setChecksEnabled(key.backend(), key.server(), enabled,
                new AdminCause(actor, "checks", onOff(current.checksEnabled()), onOff(enabled)));
        settings.put(key, new ServerSettings(key, current.mode(), current.weight(), enabled));
        return new ActionResult.Applied(key, "health checks " + onOff(enabled));
    }

    private ActionResult checkNow(ServerKey key, Server server, ServerSettings current) {
        if (!server.check() || server.disabled()) {
            return new ActionResult.Refused(key, "no health check configured");
        }
        if (current.mode() == AdminMode.MAINT) {
            return new ActionResult.Refused(key, "in MAINT, its checks are paused");
        }
        if (!current.checksEnabled()) {
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
        Server server = backends.get(s.server().backend()).servers().stream()
                .filter(candidate -> candidate.name().equals(s.server().server())).findFirst().orElseThrow();
        return !s.equals(configured(s.server(), server));
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
