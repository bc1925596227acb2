package org.lodestar.state;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p><b>In a cluster</b> ({@link SharedState#shared()}), an action on a server is first stored in the shared state,
 * compare-and-set against the version of the server's record the administrator saw, and applied here only once
 * stored: refused when the store cannot be reached, or when the record changed meanwhile. Records other instances
 * store are applied as they arrive ({@link #received}); at start and after the store was out of reach the
 * cluster's records win over the local cache.
 */
public final class ServerAdministration {
    private static final Logger LOG = Logger.getLogger("lodestar.admin");
    /** The actor named in the timeline for settings restored at start. */
    public static final String RESTORED = "state file";

    private final ServerStatuses servers;
    private final HealthMonitor health;
    private final StateStore store;
    private final SharedState shared;
    private final Clock clock;
    private final List<String> warnings = new ArrayList<>();
    /** The version of each server's shared record this instance applied last. */
    private final Map<ServerKey, Integer> versions = new HashMap<>();

    /** @param clock when the actions happen, for the timeline */
    public ServerAdministration(ServerStatuses servers, HealthMonitor health, StateStore store, Clock clock) {
        this(servers, health, store, SharedState.ALONE, clock);
    }

    /** @param shared where the settings are shared with other instances; {@link SharedState#ALONE} for none */
    public ServerAdministration(ServerStatuses servers, HealthMonitor health, StateStore store, SharedState shared,
                                Clock clock) {
        this.servers = servers;
        this.health = health;
        this.store = store;
        this.shared = shared;
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
        Optional<Map<ServerKey, SharedRecord>> cluster = shared.records();
        if (cluster.isPresent()) {
            adopt(cluster.get());
            if (cluster.get().isEmpty()) {
                seedFromStore();
            }
            LOG.info("Lodestar server state: " + shared.describe() + ", " + cluster.get().size()
                    + " server record(s); the local cache " + store.describe() + " is not read");
        } else {
            if (shared.shared()) {
                String why = "the cluster state (" + shared.describe() + ") could not be read at start; the local"
                        + " cache " + store.describe() + " is used until it can";
                LOG.warning(why);
                warnings.add(why);
            }
            restoreFromStore();
        }
        shared.follow(new SharedListener());
    }

    private void restoreFromStore() {
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
            for (ActionResult result : converge(key, status.get(), saved, RESTORED)) {
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
        return apply(keys, command, actor, Map.of());
    }

    /**
     * As {@link #apply(List, AdminCommand, String)}; in a cluster each server's change is stored only if its record
     * is still at the version in {@code seen} (what the administrator's page showed; the version this instance
     * knows for servers not in it).
     */
    public synchronized List<ActionResult> apply(List<ServerKey> keys, AdminCommand command, String actor,
                                                 Map<ServerKey, Integer> seen) {
        boolean viaCluster = shared.shared() && !(command instanceof AdminCommand.CheckNow);
        Optional<String> unavailable = viaCluster ? shared.refusal() : Optional.empty();
        List<ActionResult> results = new ArrayList<>();
        for (ServerKey key : keys) {
            ActionResult result;
            if (unavailable.isPresent()) {
                result = new ActionResult.Refused(key, unavailable.get());
            } else if (viaCluster) {
                result = applyShared(key, command, actor, seen.getOrDefault(key, version(key)));
            } else {
                result = apply(key, command, actor);
            }
            results.add(result);
            LOG.info(() -> "admin " + actor + " on " + name(key) + ": " + describe(result));
        }
        if (results.stream().anyMatch(r -> r instanceof ActionResult.Applied)
                && !(command instanceof AdminCommand.CheckNow)) {
            save();
        }
        return results;
    }

    /** The version of each server's shared record this instance applied last; empty alone. */
    public synchronized Map<ServerKey, Integer> versions() {
        return Map.copyOf(versions);
    }

    private int version(ServerKey key) {
        return versions.getOrDefault(key, SharedRecord.ABSENT);
    }

    /** Stores the change in the cluster first, then applies it here; the action names user and instance. */
    private ActionResult applyShared(ServerKey key, AdminCommand command, String user, int expectedVersion) {
        Optional<ServerStatus> found = servers.find(key.backend(), key.server());
        if (found.isEmpty()) {
            return new ActionResult.Refused(key, "no such server");
        }
        ServerStatus status = found.get();
        Optional<String> refused = refusal(status, command);
        if (refused.isPresent()) {
            return new ActionResult.Refused(key, refused.get());
        }
        ServerSettings current = settings(status);
        ServerSettings next = next(current, command);
        SharedRecord record = new SharedRecord(next, user, shared.instance(), clock.instant(), describe(current, next),
                SharedRecord.ABSENT);
        SharedState.Commit commit = shared.commit(key, record, expectedVersion);
        if (commit instanceof SharedState.Commit.Conflict conflict) {
            SharedRecord theirs = conflict.current();
            return new ActionResult.Refused(key, "changed meanwhile by " + theirs.actor() + " at " + theirs.at()
                    + " (" + theirs.what() + "): reload the page to see the current settings, then act again");
        }
        if (commit instanceof SharedState.Commit.Failed failed) {
            return new ActionResult.Refused(key, failed.reason());
        }
        versions.put(key, ((SharedState.Commit.Stored) commit).version());
        return apply(key, command, record.actor());
    }

    private static ServerSettings next(ServerSettings s, AdminCommand command) {
        if (command instanceof AdminCommand.SetMode set) {
            return new ServerSettings(s.server(), set.mode(), s.weight(), s.checksEnabled());
        }
        if (command instanceof AdminCommand.SetWeight set) {
            return new ServerSettings(s.server(), s.mode(), set.weight(), s.checksEnabled());
        }
        AdminCommand.SetChecks set = (AdminCommand.SetChecks) command;
        return new ServerSettings(s.server(), s.mode(), s.weight(), set.enabled());
    }

    private static String describe(ServerSettings from, ServerSettings to) {
        List<String> changes = new ArrayList<>();
        if (from.mode() != to.mode()) {
            changes.add("state " + from.mode() + " → " + to.mode());
        }
        if (from.weight() != to.weight()) {
            changes.add("weight " + from.weight() + " → " + to.weight());
        }
        if (from.checksEnabled() != to.checksEnabled()) {
            changes.add("health checks " + onOff(to.checksEnabled()));
        }
        return String.join(", ", changes);
    }

    /** Why {@code command} cannot be applied to the server as it is now; empty if it can. Not for check-now. */
    private static Optional<String> refusal(ServerStatus status, AdminCommand command) {
        if (command instanceof AdminCommand.SetMode set) {
            if (status.server().disabled()) {
                return Optional.of("disabled in the configuration, it stays in MAINT");
            }
            return status.mode() == set.mode() ? Optional.of("already " + set.mode()) : Optional.empty();
        }
        if (command instanceof AdminCommand.SetWeight set) {
            if (set.weight() < 0 || set.weight() > Server.MAX_WEIGHT) {
                return Optional.of("weight " + set.weight() + " is not 0.." + Server.MAX_WEIGHT);
            }
            return set.weight() == status.weight() ? Optional.of("weight is already " + set.weight()) : Optional.empty();
        }
        if (command instanceof AdminCommand.SetChecks set) {
            if (!status.server().check()) {
                return Optional.of("no health check configured");
            }
            return set.enabled() == status.checksEnabled() ? Optional.of("health checks already " + onOff(set.enabled()))
                    : Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * Takes the cluster's records: each configured server gets its record's settings, or the configuration's when
     * no one has acted on it; a record of a server this configuration lacks is skipped.
     */
    private void adopt(Map<ServerKey, SharedRecord> records) {
        boolean changed = false;
        for (ServerStatus status : servers.all()) {
            ServerKey key = new ServerKey(status.backend(), status.server().name());
            SharedRecord record = records.get(key);
            if (record == null) {
                changed |= takeFromCluster(key, status, configured(key, status.server()), "cluster (no record)");
                versions.remove(key);
            } else if (record.version() > version(key) || !versions.containsKey(key)) {
                changed |= takeFromCluster(key, status, record.settings(), record.actor());
                versions.put(key, record.version());
            }
        }
        if (changed) {
            save();
        }
    }

    /**
     * The first instance of a new cluster (no record yet) offers its state file's settings to the cluster, so that
     * turning one Lodestar into several loses none of them. A server someone else seeded meanwhile keeps theirs.
     */
    private void seedFromStore() {
        StateStore.Loaded loaded = store.load();
        boolean changed = false;
        for (ServerSettings saved : loaded.settings()) {
            ServerKey key = saved.server();
            Optional<ServerStatus> status = servers.find(key.backend(), key.server());
            if (status.isEmpty() || saved.equals(settings(status.get()))) {
                continue;
            }
            SharedRecord record = new SharedRecord(saved, RESTORED, shared.instance(), clock.instant(),
                    "taken from " + store.describe(), SharedRecord.ABSENT);
            if (shared.commit(key, record, SharedRecord.ABSENT) instanceof SharedState.Commit.Stored stored) {
                changed |= takeFromCluster(key, status.get(), saved, RESTORED);
                versions.put(key, stored.version());
            }
        }
        if (changed) {
            LOG.info("Lodestar server state: the cluster had no record; this instance's " + store.describe()
                    + " seeded it");
        }
    }

    /** A record another instance stored, or this one's coming back. */
    private synchronized void received(SharedRecord record) {
        ServerKey key = record.server();
        if (record.version() <= version(key)) {
            return;
        }
        Optional<ServerStatus> status = servers.find(key.backend(), key.server());
        if (status.isEmpty()) {
            return;
        }
        versions.put(key, record.version());
        LOG.info(() -> "admin " + record.actor() + " on " + name(key) + " (from the cluster): " + record.what());
        if (takeFromCluster(key, status.get(), record.settings(), record.actor())) {
            save();
        }
    }

    /**
     * Takes a setting from the cluster: what differs is applied ({@link #converge}), what this server cannot take is
     * logged; whether anything changed.
     */
    private boolean takeFromCluster(ServerKey key, ServerStatus status, ServerSettings target, String actor) {
        List<ActionResult> results = converge(key, status, target, actor);
        for (ActionResult result : results) {
            if (result instanceof ActionResult.Refused refused) {
                LOG.warning("cluster setting of " + name(key) + " by " + actor + " not applied here: "
                        + refused.reason());
            }
        }
        return results.stream().anyMatch(r -> r instanceof ActionResult.Applied);
    }

    /** Applies what differs between the server's settings and {@code target}: weight, checks, then mode. */
    private List<ActionResult> converge(ServerKey key, ServerStatus status, ServerSettings target, String actor) {
        ServerSettings current = settings(status);
        List<ActionResult> results = new ArrayList<>();
        if (target.weight() != current.weight()) {
            results.add(apply(key, new AdminCommand.SetWeight(target.weight()), actor));
        }
        if (target.checksEnabled() != current.checksEnabled()) {
            results.add(apply(key, new AdminCommand.SetChecks(target.checksEnabled()), actor));
        }
        if (target.mode() != current.mode()) {
            results.add(apply(key, new AdminCommand.SetMode(target.mode()), actor));
        }
        return results;
    }

    private final class SharedListener implements SharedState.Follower {
        @Override
        public void changed(SharedRecord record) {
            received(record);
        }

        /** Every record again, and the servers without one back to the configuration. */
        @Override
        public void resynchronised(Map<ServerKey, SharedRecord> records) {
            synchronized (ServerAdministration.this) {
                adopt(records);
            }
        }
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
        Optional<String> refused = refusal(status, new AdminCommand.SetMode(mode));
        if (refused.isPresent()) {
            return new ActionResult.Refused(key, refused.get());
        }
        AdminMode current = status.mode();
        status.setMode(mode, new AdminCause(actor, "state", current.name(), mode.name()), clock.instant());
        if (mode == AdminMode.MAINT || current == AdminMode.MAINT) {
            health.reschedule(key.backend(), key.server());
        }
        return new ActionResult.Applied(key, "state " + current + " → " + mode);
    }

    private ActionResult setWeight(ServerKey key, ServerStatus status, int weight, String actor) {
        Optional<String> refused = refusal(status, new AdminCommand.SetWeight(weight));
        if (refused.isPresent()) {
            return new ActionResult.Refused(key, refused.get());
        }
        int current = status.weight();
        status.setWeight(weight,
                new AdminCause(actor, "weight", Integer.toString(current), Integer.toString(weight)), clock.instant());
        return new ActionResult.Applied(key, "weight " + current + " → " + weight);
    }

    private ActionResult setChecks(ServerKey key, ServerStatus status, boolean enabled, String actor) {
        Optional<String> refused = refusal(status, new AdminCommand.SetChecks(enabled));
        if (refused.isPresent()) {
            return new ActionResult.Refused(key, refused.get());
        }
        boolean current = status.checksEnabled();
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
