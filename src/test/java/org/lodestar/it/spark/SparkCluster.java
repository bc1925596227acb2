package org.lodestar.it.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Apache Spark standalone cluster in high-availability mode on 127.0.0.1, for tests and demos:
 * one ZooKeeper, three masters ({@code spark1..3}) electing a leader through it, and one worker, each
 * its own JVM so that a test can kill the leader like a crash. Every port is a free ephemeral port and
 * Spark runs with {@code spark.port.maxRetries=0}, so a taken port fails the start instead of Spark
 * quietly moving to the next one. Output goes to {@code <workDir>/<name>.log} (appended).
 *
 * <p>ZooKeeper caps the session timeout at 4 s, which is what bounds fail-over (Spark asks for 60 s).
 *
 * <p>{@link Settings} turn on what a test of the whole cluster needs: Spark's reverse-proxy mode, the
 * masters' REST submission servers, a shorter worker timeout. The worker gets a Spark home made of the
 * Maven jars ({@code jars/} links to them), so that it can launch executors and drivers as it does in a
 * distribution. Killing a process kills its descendants too: a worker's executors die with it, as they
 * do when its host goes.
 */
public final class SparkCluster implements AutoCloseable {
    /** A master's recovery state as its {@code /json/} reports it; DOWN when it does not answer. */
    public enum Status { ALIVE, STANDBY, RECOVERING, COMPLETING_RECOVERY, DOWN }

    /**
     * What the cluster runs with beyond plain HA masters: {@code reverseProxyUrl} non-null turns on
     * {@code spark.ui.reverseProxy} with that {@code spark.ui.reverseProxyUrl} on masters, worker and
     * applications; {@code restSubmissions} starts each master's REST submission server on a port of its
     * own; {@code workerTimeout} non-null sets {@code spark.worker.timeout} (how long a new leader waits in
     * RECOVERING for a worker or application that does not answer; 60 s by default).
     */
    public record Settings(String reverseProxyUrl, boolean restSubmissions, Duration workerTimeout) {
        public static final Settings DEFAULTS = new Settings(null, false, null);

        public Settings withReverseProxy(String url) {
            return new Settings(url, restSubmissions, workerTimeout);
        }

        public Settings withRestSubmissions() {
            return new Settings(reverseProxyUrl, true, workerTimeout);
        }

        public Settings withWorkerTimeout(Duration timeout) {
            return new Settings(reverseProxyUrl, restSubmissions, timeout);
        }

        /** The {@code -Dspark.*} options every Spark JVM of the cluster gets for these settings. */
        List<String> sparkOptions() {
            List<String> options = new ArrayList<>();
            if (reverseProxyUrl != null) {
                options.add("-Dspark.ui.reverseProxy=true");
                options.add("-Dspark.ui.reverseProxyUrl=" + reverseProxyUrl);
            }
            if (workerTimeout != null) {
                options.add("-Dspark.worker.timeout=" + workerTimeout.toSeconds());
            }
            return options;
        }
    }

    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(150);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");

    /** What Spark's own launcher adds on Java 17 (see SPARK.md). */
    private static final List<String> JAVA17_FLAGS = Stream.concat(
            Stream.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
                    "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref",
                    "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar")
                    .map(p -> "--add-opens=java.base/" + p + "=ALL-UNNAMED"),
            Stream.of("--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                    "-Djdk.reflect.useDirectMethodHandle=false"))
            .toList();

    private static final String LOG4J2 = String.join("\n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.console.ref = console",
            "appender.console.type = Console",
            "appender.console.name = console",
            "appender.console.target = SYSTEM_ERR",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n",
            "logger.jetty.name = org.sparkproject.jetty",
            "logger.jetty.level = warn",
            "");

    private final Settings settings;
    private final Path logDir;
    private final Path tmpDir;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final List<Proc> procs = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Master> masters = new ArrayList<>();
    private final Set<Integer> usedPorts = new HashSet<>();
    private final Thread shutdownHook = new Thread(this::close, "spark-cluster-shutdown");
    private Path argFile;
    private Path log4j2;
    private int zooKeeperPort;
    private Worker worker;
    private volatile boolean closed;

    private SparkCluster(Path logDir, Settings settings) throws IOException {
        this.settings = settings;
        this.logDir = Files.createDirectories(logDir.toAbsolutePath());
        this.tmpDir = Files.createTempDirectory("spark-cluster-");
    }

    /**
     * Starts ZooKeeper, three masters and a worker, and waits until exactly one master is ALIVE and the
     * worker has registered with it. Whatever was started is stopped again if this fails.
     */
    public static SparkCluster start(Path workDir) {
        return start(workDir, Settings.DEFAULTS);
    }

    /** As {@link #start(Path)}, with the given settings. */
    public static SparkCluster start(Path workDir, Settings settings) {
        long t0 = System.nanoTime();
        SparkCluster cluster;
        try {
            cluster = new SparkCluster(workDir, settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            cluster.launch();
            System.out.printf("Spark cluster up in %d ms: leader %s%n", (System.nanoTime() - t0) / 1_000_000,
                    cluster.leader().map(Master::name).orElse("?"));
            return cluster;
        } catch (Throwable e) {
            cluster.close();
            throw e;
        }
    }

    private void launch() {
        try {
            argFile = tmpDir.resolve("classpath.args");
            Files.writeString(argFile, "-cp \"" + SparkClasspath.get() + "\"\n");
            log4j2 = tmpDir.resolve("log4j2.properties");
            Files.writeString(log4j2, LOG4J2);
            zooKeeperPort = freePort();
            Path zkData = Files.createDirectories(tmpDir.resolve("zookeeper"));
            Path zkConfig = tmpDir.resolve("zoo.cfg");
            Files.writeString(zkConfig, String.join("\n",
                    "tickTime=500",
                    "minSessionTimeout=1000",
                    "maxSessionTimeout=4000",
                    "dataDir=" + zkData,
                    "clientPort=" + zooKeeperPort,
                    "clientPortAddress=127.0.0.1",
                    "admin.enableServer=false",
                    "4lw.commands.whitelist=ruok",
                    ""));
            Proc zk = new Proc("zookeeper", List.of(zooKeeperPort),
                    javaCommand("-Xmx128m", List.of(), "org.apache.zookeeper.server.ZooKeeperServerMain", zkConfig.toString()));
            procs.add(zk);
            zk.start();
            await("ZooKeeper answering on port " + zooKeeperPort, Duration.ofSeconds(30), () -> {
                zk.requireRunning();
                return "imok".equals(fourLetterWord(zooKeeperPort, "ruok")) ? true : null;
            });

            for (int i = 1; i <= 3; i++) {
                int rpc = freePort();
                int ui = freePort();
                int rest = settings.restSubmissions() ? freePort() : -1;
                List<String> restOptions = rest < 0 ? List.of("-Dspark.master.rest.enabled=false")
                        : List.of("-Dspark.master.rest.enabled=true", "-Dspark.master.rest.port=" + rest);
                List<String> command = javaCommand("-Xmx256m", restOptions, "org.apache.spark.deploy.master.Master",
                        "--host", "127.0.0.1", "--port", String.valueOf(rpc), "--webui-port", String.valueOf(ui));
                List<Integer> ports = rest < 0 ? List.of(rpc, ui) : List.of(rpc, ui, rest);
                Master master = new Master(new Proc("spark" + i, ports, command, Map.of()), rpc, ui, rest);
                masters.add(master);
                procs.add(master.proc);
            }
            int workerRpc = freePort();
            int workerUi = freePort();
            Path workerDir = Files.createDirectories(tmpDir.resolve("worker"));
            Proc workerProc = new Proc("worker", List.of(workerRpc, workerUi), javaCommand("-Xmx256m", List.of(),
                    "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--port", String.valueOf(workerRpc), "--webui-port", String.valueOf(workerUi),
                    "--cores", "1", "--memory", "1g", "--work-dir", workerDir.toString(), masterUrl()),
                    sparkHomeEnvironment());
            worker = new Worker(workerProc, workerUi);
            procs.add(workerProc);
            for (Master master : masters) {
                master.proc.start();
            }
            workerProc.start();

            await("one ALIVE master with the worker registered", START_TIMEOUT, () -> {
                procs.forEach(Proc::requireRunning);
                Master leader = singleLeader();
                return leader != null && leader.countsAlive(worker.id()) ? leader : null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code spark://h:p1,h:p2,h:p3}: the URL applications and the worker use to find the leader. */
    public String masterUrl() {
        return masters.stream().map(m -> "127.0.0.1:" + m.rpcPort).collect(Collectors.joining(",", "spark://", ""));
    }

    /** The worker. */
    public Worker worker() {
        return worker;
    }

    /**
     * Starts {@code org.apache.spark.deploy.SparkSubmit} with {@code args} as its own JVM (with the Spark
     * classpath, the Java 17 flags and this cluster's settings), logging to {@code <workDir>/<name>.log}.
     * It is stopped by {@link #close()} at the latest. {@code heap} is the JVM's {@code -Xmx} value: a
     * client-mode driver runs in it and needs 512m (Spark refuses less than 450 MB).
     */
    public SparkProcess sparkSubmit(String name, String heap, List<String> args) {
        List<String> command = javaCommand("-Xmx" + heap, List.of(), "org.apache.spark.deploy.SparkSubmit",
                args.toArray(String[]::new));
        Proc proc = new Proc(name, List.of(), command, sparkHomeEnvironment(), false);
        procs.add(proc);
        proc.start();
        return new SparkProcess(proc);
    }

    /** A free port on 127.0.0.1 not handed out before by this cluster, e.g. for an application's UI. */
    public synchronized int reservePort() {
        try {
            return freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A Spark home for the worker: {@code jars/} holds a link to each jar of the Spark classpath, which is
     * where a worker looks for the classpath of the executors and drivers it launches.
     */
    private Map<String, String> sparkHomeEnvironment() throws UncheckedIOException {
        Path home = tmpDir.resolve("spark-home");
        Path jars = home.resolve("jars");
        try {
            if (!Files.isDirectory(jars)) {
                Files.createDirectories(jars);
                Files.createDirectories(home.resolve("conf"));
                Set<String> names = new HashSet<>();
                for (String jar : SparkClasspath.get().split(java.io.File.pathSeparator)) {
                    Path target = Path.of(jar);
                    String name = target.getFileName().toString();
                    if (name.endsWith(".jar") && names.add(name)) {
                        Files.createSymbolicLink(jars.resolve(name), target);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.13",
                "JAVA_HOME", System.getProperty("java.home"));
    }

    /** The three masters, spark1..spark3. */
    public List<Master> masters() {
        return List.copyOf(masters);
    }

    /** The masters' web UI addresses, {@code 127.0.0.1:port}, in the order spark1..spark3. */
    public List<String> uiAddresses() {
        return masters.stream().map(m -> "127.0.0.1:" + m.uiPort).toList();
    }

    public int zooKeeperPort() {
        return zooKeeperPort;
    }

    /** The master that is ALIVE right now, if exactly one is. */
    public Optional<Master> leader() {
        return Optional.ofNullable(singleLeader());
    }

    /** Waits until exactly one master is ALIVE and returns it. */
    public Master awaitLeader(Duration timeout) {
        return await("exactly one ALIVE master", timeout, this::singleLeader);
    }

    private Master singleLeader() {
        List<Master> alive = masters.stream().filter(m -> m.status() == Status.ALIVE).toList();
        return alive.size() == 1 ? alive.get(0) : null;
    }

    /** Stops every process this cluster started (SIGKILL) and deletes its temporary files. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Proc proc : procs) {
            proc.destroy();
        }
        for (Proc proc : procs) {
            proc.awaitExit();
        }
        deleteRecursively(tmpDir);
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: nothing to remove
            }
        }
    }

    /** Whether any process this cluster started is still running. */
    public boolean anyRunning() {
        return procs.stream().anyMatch(Proc::isRunning);
    }

    /** The process ids of everything started, for diagnostics. */
    public Map<String, Long> pids() {
        return procs.stream().filter(Proc::isRunning)
                .collect(Collectors.toMap(p -> p.name, Proc::pid, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    /** One Spark master JVM. */
    public final class Master {
        private final Proc proc;
        private final int rpcPort;
        private final int uiPort;
        private final int restPort;

        private Master(Proc proc, int rpcPort, int uiPort, int restPort) {
            this.proc = proc;
            this.rpcPort = rpcPort;
            this.uiPort = uiPort;
            this.restPort = restPort;
        }

        public String name() {
            return proc.name;
        }

        public int rpcPort() {
            return rpcPort;
        }

        public int uiPort() {
            return uiPort;
        }

        /** The port of the REST submission server; only with {@link Settings#restSubmissions()}. */
        public int restPort() {
            if (restPort < 0) {
                throw new IllegalStateException("the cluster runs without REST submission servers");
            }
            return restPort;
        }

        public URI uiUri() {
            return URI.create("http://127.0.0.1:" + uiPort + "/");
        }

        public long pid() {
            return proc.pid();
        }

        public boolean isRunning() {
            return proc.isRunning();
        }

        /** Asks the master's {@code /json/}; DOWN when its process is gone or it does not answer. */
        public Status status() {
            if (!proc.isRunning()) {
                return Status.DOWN;
            }
            Matcher m = STATUS.matcher(json());
            if (!m.find()) {
                return Status.DOWN;
            }
            try {
                return Status.valueOf(m.group(1));
            } catch (IllegalArgumentException unknown) {
                return Status.DOWN;
            }
        }

        /** The master's {@code /json/}, or "" when it does not answer 200. */
        public String json() {
            return fetch(uiUri().resolve("/json/"));
        }

        /** Whether this master lists the worker {@code workerId} as ALIVE. */
        public boolean countsAlive(String workerId) {
            Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"" + Pattern.quote(workerId) + "\".*?\"state\"\\s*:\\s*\"(\\w+)\"",
                    Pattern.DOTALL).matcher(json());
            return m.find() && m.group(1).equals("ALIVE");
        }

        /** Kills the master with SIGKILL, like a crash, and waits until the process is gone. */
        public void kill() {
            proc.destroy();
            proc.awaitExit();
        }

        /** Starts the master again on the same ports (killing it first if needed); waits for STANDBY. */
        public void restart() {
            kill();
            proc.start();
            await(name() + " back as STANDBY", Duration.ofSeconds(60), () -> {
                proc.requireRunning();
                return status() == Status.STANDBY ? true : null;
            });
        }

        @Override
        public String toString() {
            return name() + "@127.0.0.1:" + uiPort;
        }
    }

    /** The worker JVM (with the executors and drivers it launched, which die with it). */
    public final class Worker {
        private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"(worker-[^\"]+)\"");
        private final Proc proc;
        private final int uiPort;

        private Worker(Proc proc, int uiPort) {
            this.proc = proc;
            this.uiPort = uiPort;
        }

        public URI uiUri() {
            return URI.create("http://127.0.0.1:" + uiPort + "/");
        }

        /** The id the worker registers under ({@code worker-<date>-<host>-<port>}), from its {@code /json/}; "" before it answers. */
        public String id() {
            Matcher m = ID.matcher(fetch(uiUri().resolve("/json/")));
            return m.find() ? m.group(1) : "";
        }

        /** Kills the worker and everything it launched with SIGKILL, like a lost host. */
        public void kill() {
            proc.destroy();
            proc.awaitExit();
        }
    }

    /** A JVM started with {@link #sparkSubmit}: a client-mode driver, or spark-submit itself. */
    public final class SparkProcess {
        private final Proc proc;

        private SparkProcess(Proc proc) {
            this.proc = proc;
        }

        /** Waits for the process to end by itself; its exit code. Fails with the log's end after {@code timeout}. */
        public int awaitExit(Duration timeout) {
            Process p = proc.process();
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException(proc.name + " still running after " + timeout.toMillis()
                            + " ms; end of " + proc.log + ":\n" + tail(proc.log, 25));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return p.exitValue();
        }

        /** Throws with the end of the log if the process has exited. */
        public void requireRunning() {
            proc.requireRunning();
        }

        /** What the process wrote since it started. */
        public String output() {
            try {
                String all = Files.readString(proc.log, StandardCharsets.UTF_8);
                int start = all.lastIndexOf(proc.startMarker);
                return start < 0 ? all : all.substring(start);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Kills the JVM and its descendants (SIGKILL) and waits until they are gone. */
        public void kill() {
            proc.destroy();
            proc.awaitExit();
        }
    }

    /**
     * One child JVM with its command line; {@code restartable} ones (ZooKeeper, masters, worker) must be
     * running while the cluster waits for something, the others (drivers, spark-submit) may end.
     */
    private final class Proc {
        private final String name;
        private final List<Integer> ports;
        private final List<String> command;
        private final Map<String, String> environment;
        private final boolean restartable;
        private final Path log;
        private String startMarker = "";
        private Process process;
        private List<ProcessHandle> killed = List.of();

        Proc(String name, List<Integer> ports, List<String> command) {
            this(name, ports, command, Map.of());
        }

        Proc(String name, List<Integer> ports, List<String> command, Map<String, String> environment) {
            this(name, ports, command, environment, true);
        }

        Proc(String name, List<Integer> ports, List<String> command, Map<String, String> environment,
                boolean restartable) {
            this.name = name;
            this.ports = ports;
            this.command = command;
            this.environment = environment;
            this.restartable = restartable;
            this.log = logDir.resolve(name + ".log");
        }

        synchronized void start() {
            if (closed) {
                throw new IllegalStateException("cluster closed");
            }
            for (int port : ports) {
                await("port " + port + " free for " + name, Duration.ofSeconds(10), () -> isFree(port) ? true : null);
            }
            try {
                startMarker = String.format("%n===== %s starting %s: %s%n", Instant.now(), name,
                        String.join(" ", command));
                Files.writeString(log, startMarker, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .directory(tmpDir.toFile());
                Map<String, String> env = builder.environment();
                env.keySet().removeIf(k -> k.startsWith("SPARK_") || k.equals("HADOOP_CONF_DIR"));
                env.put("SPARK_LOCAL_IP", "127.0.0.1");
                env.put("SPARK_LOCAL_HOSTNAME", "127.0.0.1");
                env.put("SPARK_PUBLIC_DNS", "127.0.0.1");
                env.putAll(environment);
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        synchronized Process process() {
            if (process == null) {
                throw new IllegalStateException(name + " never started");
            }
            return process;
        }

        synchronized boolean isRunning() {
            return process != null && process.isAlive();
        }

        synchronized long pid() {
            return process == null ? -1 : process.pid();
        }

        /** SIGKILLs the process and every descendant it has (executors, drivers a worker launched). */
        synchronized void destroy() {
            if (process != null) {
                List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
                process.destroyForcibly();
                tree.forEach(ProcessHandle::destroyForcibly);
                killed = tree;
            }
        }

        void awaitExit() {
            Process p;
            List<ProcessHandle> tree;
            synchronized (this) {
                p = process;
                tree = killed;
            }
            if (p == null) {
                return;
            }
            try {
                if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException(name + " (pid " + p.pid() + ") did not exit after SIGKILL");
                }
                for (ProcessHandle child : tree) {
                    child.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("a process " + name + " started did not exit after SIGKILL", e);
            }
        }

        void requireRunning() {
            Process p;
            synchronized (this) {
                p = process;
            }
            if (p != null && !p.isAlive()) {
                throw new IllegalStateException(name + " exited with " + p.exitValue() + "; end of " + log + ":\n"
                        + tail(log, 25));
            }
        }
    }

    private List<String> javaCommand(String heap, List<String> options, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(heap);
        command.addAll(JAVA17_FLAGS);
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-Djava.io.tmpdir=" + tmpDir);
        command.add("-Dlog4j2.configurationFile=" + log4j2.toUri());
        command.add("-Dspark.port.maxRetries=0");
        command.add("-Dspark.deploy.recoveryMode=ZOOKEEPER");
        command.add("-Dspark.deploy.zookeeper.url=127.0.0.1:" + zooKeeperPort);
        command.addAll(settings.sparkOptions());
        command.addAll(options);
        command.add("@" + argFile);
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    /** The body of a GET of {@code uri}, or "" when it does not answer 200 within 2 s. */
    static String fetch(URI uri) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** A free port on 127.0.0.1 not handed out before by this cluster. */
    private int freePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (usedPorts.add(port)) {
                    return port;
                }
            }
        }
        throw new IOException("no free port");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String fourLetterWord(int port, String word) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** Polls {@code probe} every ~150 ms until it returns non-null; fails after {@code timeout}. */
    static <T> T await(String what, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
