package org.lodestar.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.Stat;
import org.lodestar.config.ClusterSettings;
import org.lodestar.server.ServerKey;
import org.lodestar.state.SharedRecord;
import org.lodestar.state.SharedState;

/**
 * The settings of the servers shared through ZooKeeper, by Apache Curator: one znode per server under
 * {@code PATH/servers/BACKEND/SERVER} holding a {@link SharedRecord}, changed with {@code setData} at the version the
 * administrator saw (compare-and-set: ZooKeeper refuses a stale version), and followed by a {@link CuratorCache}
 * whose events reach the administration within milliseconds. Each instance keeps an ephemeral node
 * {@code PATH/instances/ID} ({@link PersistentNode}, recreated after a session expiry) describing itself
 * ({@link Member}), looked at every {@value #PUBLISH_SECONDS} s and written when it changed.
 *
 * <p>While ZooKeeper cannot be reached ({@link ConnectionState#SUSPENDED} or {@code LOST}) {@link #refusal()} says
 * so and actions are refused; the instance routes on what it knew. Once connected again, every record is read
 * afresh and handed to the follower ({@link SharedState.Follower#resynchronised}).
 *
 * <p>Threads: ZooKeeper's client (2), Curator's (2–3) and one of this class's, {@code lodestar-cluster}, which
 * publishes the member node and resynchronises; all stop in {@link #close()}.
 */
public final class ZooKeeperState implements SharedState, AutoCloseable {
    private static final Logger LOG = Logger.getLogger("lodestar.cluster");
    static final int PUBLISH_SECONDS = 2;
    private static final int SESSION_TIMEOUT_MS = 15_000;
    private static final int CONNECTION_TIMEOUT_MS = 3_000;

    private final ClusterSettings settings;
    private final String instance;
    private final String serversPath;
    private final String instancesPath;
    private final CuratorFramework client;
    private final CuratorCache records;
    private final CuratorCache members;
    private final PersistentNode self;
    private final Supplier<Member> describeSelf;
    private final ScheduledExecutorService worker;
    private final CountDownLatch recordsLoaded = new CountDownLatch(1);
    private volatile boolean connected;
    /** Whether the records were read from ZooKeeper since the start: only then are they the cluster's. */
    private volatile boolean synced;
    private volatile boolean cachesStarted;
    private volatile Follower follower;
    private volatile String lastProblem = "not connected yet";
    private volatile boolean closed;

    private ZooKeeperState(ClusterSettings settings, String instance, Supplier<Member> describeSelf) {
        this.settings = settings;
        this.instance = instance;
        this.describeSelf = describeSelf;
        this.serversPath = ZKPaths.makePath(settings.path(), "servers");
        this.instancesPath = ZKPaths.makePath(settings.path(), "instances");
        ThreadFactory threads = named("lodestar-zookeeper");
        ZKClientConfig zk = new ZKClientConfig();
        // Application servers set a JAAS configuration for their own use; ZooKeeper would try SASL with it.
        zk.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "false");
        this.client = CuratorFrameworkFactory.builder()
                .connectString(settings.connectString())
                .sessionTimeoutMs(SESSION_TIMEOUT_MS)
                .connectionTimeoutMs(CONNECTION_TIMEOUT_MS)
                // Few retries: an admin action waits for ZooKeeper briefly, then is refused.
                .retryPolicy(new RetryNTimes(2, 250))
                .zkClientConfig(zk)
                .threadFactory(threads)
                .build();
        this.records = CuratorCache.build(client, serversPath);
        this.members = CuratorCache.build(client, instancesPath);
        this.self = new PersistentNode(client, CreateMode.EPHEMERAL, false, ZKPaths.makePath(instancesPath, instance),
                describeSelf.get().encode());
        this.worker = Executors.newSingleThreadScheduledExecutor(named("lodestar-cluster"));
    }

    /**
     * Connects and, if ZooKeeper answers within {@code wait}, reads the cluster's records before returning, so
     * that the instance routes on them from its first request. Otherwise it returns with {@link #records()} empty
     * (the local cache applies) and keeps trying in the background.
     */
    public static ZooKeeperState start(ClusterSettings settings, String instance, Supplier<Member> describeSelf,
                                       Duration wait) throws InterruptedException {
        ZooKeeperState state = new ZooKeeperState(settings, instance, describeSelf);
        state.begin(wait);
        return state;
    }

    private void begin(Duration wait) throws InterruptedException {
        records.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((previous, node) -> recordChanged(node))
                .forInitialized(this::firstLoadDone)
                .build());
        client.getConnectionStateListenable().addListener((c, state) -> connectionChanged(state));
        client.start();
        long deadline = System.nanoTime() + wait.toNanos();
        if (client.blockUntilConnected((int) wait.toMillis(), TimeUnit.MILLISECONDS)) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (recordsLoaded.await(left, TimeUnit.NANOSECONDS)) {
                synced = true;
            }
        }
        if (synced) {
            LOG.info("Lodestar cluster: instance " + instance + " joined " + describe() + " with "
                    + records().map(Map::size).orElse(0) + " server record(s)");
        } else {
            LOG.warning("Lodestar cluster: " + describe() + " not reached within " + wait.toSeconds()
                    + " s; routing on the local cache, admin actions refused until it is reached");
        }
        worker.scheduleWithFixedDelay(this::publish, PUBLISH_SECONDS, PUBLISH_SECONDS, TimeUnit.SECONDS);
    }

    private void connectionChanged(ConnectionState state) {
        LOG.info(() -> "Lodestar cluster: ZooKeeper connection " + state + " (" + settings.connectString() + ")");
        if (state.isConnected()) {
            connected = true;
            worker.execute(this::onConnected);
        } else {
            connected = false;
            lastProblem = state == ConnectionState.LOST ? "session lost" : "connection lost";
        }
    }

    /** Runs on the worker: the caches start once, the member node is (re)written, the records are read afresh. */
    private void onConnected() {
        if (closed) {
            return;
        }
        try {
            if (!cachesStarted) {
                client.createContainers(serversPath);
                client.createContainers(instancesPath);
                records.start();
                members.start();
                self.start();
                cachesStarted = true;
                return; // the caches' initial load is the first synchronisation
            }
            Map<ServerKey, SharedRecord> fresh = readAll();
            synced = true;
            Follower current = follower;
            if (current != null) {
                current.resynchronised(fresh);
            }
            LOG.info("Lodestar cluster: resynchronised " + fresh.size() + " server record(s) from ZooKeeper");
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Lodestar cluster: reading the cluster state failed; retried on reconnection", e);
        }
    }

    /**
     * The records cache's first load is done: the first synchronisation. An instance that started without
     * ZooKeeper already routes on its local cache; its follower takes the cluster's records now.
     */
    private void firstLoadDone() {
        synced = true;
        recordsLoaded.countDown();
        Follower current = follower;
        if (current != null) {
            records().ifPresent(current::resynchronised);
            LOG.info("Lodestar cluster: instance " + instance + " reached " + describe()
                    + " after its start and took the cluster's settings");
        }
    }

    private void recordChanged(ChildData node) {
        Optional<ServerKey> key = serverOf(node.getPath());
        if (key.isEmpty() || node.getData() == null || node.getData().length == 0) {
            return;
        }
        try {
            SharedRecord record = SharedRecord.decode(key.get(), node.getData(), node.getStat().getVersion());
            Follower current = follower;
            // Before the first load is done, the records are taken all at once (firstLoadDone).
            if (current != null && recordsLoaded.getCount() == 0) {
                current.changed(record);
            }
        } catch (IllegalArgumentException e) {
            LOG.warning("Lodestar cluster: record " + node.getPath() + " ignored: " + e.getMessage());
        }
    }

    /** {@code PATH/servers/BACKEND/SERVER} → the server; anything else (the backend's own node) → empty. */
    private Optional<ServerKey> serverOf(String path) {
        if (!path.startsWith(serversPath + "/")) {
            return Optional.empty();
        }
        String[] parts = path.substring(serversPath.length() + 1).split("/");
        return parts.length == 2 ? Optional.of(new ServerKey(parts[0], parts[1])) : Optional.empty();
    }

    private Map<ServerKey, SharedRecord> readAll() throws Exception {
        Map<ServerKey, SharedRecord> all = new LinkedHashMap<>();
        for (String backend : client.getChildren().forPath(serversPath)) {
            String backendPath = ZKPaths.makePath(serversPath, backend);
            for (String server : client.getChildren().forPath(backendPath)) {
                ServerKey key = new ServerKey(backend, server);
                read(key).ifPresent(record -> all.put(key, record));
            }
        }
        return all;
    }

    private Optional<SharedRecord> read(ServerKey key) throws Exception {
        Stat stat = new Stat();
        try {
            byte[] data = client.getData().storingStatIn(stat).forPath(path(key));
            return Optional.of(SharedRecord.decode(key, data, stat.getVersion()));
        } catch (KeeperException.NoNodeException gone) {
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            LOG.warning("Lodestar cluster: record " + path(key) + " ignored: " + e.getMessage());
            return Optional.empty();
        }
    }

    private String path(ServerKey key) {
        return ZKPaths.makePath(serversPath, key.backend(), key.server());
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public String instance() {
        return instance;
    }

    @Override
    public Optional<String> refusal() {
        if (connected && synced) {
            return Optional.empty();
        }
        return Optional.of("the cluster's ZooKeeper (" + settings.connectString() + ") cannot be reached ("
                + lastProblem + "): admin actions are refused until it is back, so that the instances cannot"
                + " diverge; this instance goes on routing with the last settings it knew");
    }

    @Override
    public Optional<Map<ServerKey, SharedRecord>> records() {
        if (recordsLoaded.getCount() != 0) {
            return Optional.empty();
        }
        Map<ServerKey, SharedRecord> all = new LinkedHashMap<>();
        records.stream().forEach(node -> serverOf(node.getPath()).ifPresent(key -> {
            try {
                all.put(key, SharedRecord.decode(key, node.getData(), node.getStat().getVersion()));
            } catch (IllegalArgumentException e) {
                LOG.warning("Lodestar cluster: record " + node.getPath() + " ignored: " + e.getMessage());
            }
        }));
        return Optional.of(all);
    }

    @Override
    public Commit commit(ServerKey server, SharedRecord next, int expectedVersion) {
        Optional<String> refused = refusal();
        if (refused.isPresent()) {
            return new Commit.Failed(refused.get());
        }
        try {
            if (expectedVersion == SharedRecord.ABSENT) {
                client.create().creatingParentContainersIfNeeded().forPath(path(server), next.encode());
                return new Commit.Stored(0);
            }
            Stat stat = client.setData().withVersion(expectedVersion).forPath(path(server), next.encode());
            return new Commit.Stored(stat.getVersion());
        } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException
                 | KeeperException.NoNodeException changed) {
            try {
                return read(server).<Commit>map(Commit.Conflict::new)
                        .orElse(new Commit.Failed("its record changed meanwhile: reload the page and act again"));
            } catch (Exception e) {
                return new Commit.Failed("its record changed meanwhile and cannot be read now: " + e);
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Lodestar cluster: storing " + server + " failed", e);
            return new Commit.Failed("the cluster's ZooKeeper (" + settings.connectString() + ") did not store it ("
                    + e.getClass().getSimpleName() + "); nothing changed, try again");
        }
    }

    @Override
    public void follow(Follower follower) {
        this.follower = follower;
    }

    @Override
    public String describe() {
        return "ZooKeeper " + settings.connectString() + " path " + settings.path();
    }

    /** The live instances as their nodes describe them, this one included once its node is written. */
    public List<Member> members() {
        List<Member> all = new ArrayList<>();
        members.stream().filter(node -> !node.getPath().equals(instancesPath) && node.getData() != null
                && node.getData().length > 0).forEach(node -> {
                    try {
                        all.add(Member.decode(node.getData()));
                    } catch (IllegalArgumentException e) {
                        LOG.fine(() -> "member node " + node.getPath() + " ignored: " + e.getMessage());
                    }
                });
        all.sort(java.util.Comparator.comparing(Member::id));
        return all;
    }

    /** This instance's description, as published. */
    public Member self() {
        return describeSelf.get();
    }

    /** Writes the member node when its description changed: an idle instance writes nothing. */
    private void publish() {
        if (!connected || !cachesStarted) {
            return;
        }
        byte[] now = describeSelf.get().encode();
        if (java.util.Arrays.equals(now, published)) {
            return;
        }
        try {
            self.setData(now);
            published = now;
        } catch (Exception e) {
            LOG.log(Level.FINE, "member node not refreshed", e);
        }
    }

    /** What the member node holds, as this instance last wrote it. */
    private volatile byte[] published;

    /** Leaves the cluster: the member node goes at once, every thread stops. */
    @Override
    public void close() {
        closed = true;
        worker.shutdownNow();
        try {
            self.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "member node not removed", e);
        }
        records.close();
        members.close();
        client.close();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Lodestar cluster: instance " + instance + " left " + describe());
    }

    private static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
