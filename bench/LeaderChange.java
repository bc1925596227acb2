import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Leader-change driver: measures how fast each proxy follows a change of Spark leader.
 *
 * <pre>java bench/LeaderChange.java --proxy NAME=PORT [--proxy NAME=PORT ...] --control PORT
 *      [--reps 3] [--out DIR] [--max-seconds 1500] [--seed 1] [--jitter-ms 10000]</pre>
 *
 * One client per proxy polls {@code GET /spark/} every 20 ms for the whole run. Every event (a leader
 * change on the stub masters) is observed through all proxies at once, so they face the same change at
 * the same instant. The stubs are spark1..spark3; spark1 is the leader before every event, and every
 * event starts after all proxies settled on it plus a random pause of up to --jitter-ms.
 * <ul>
 *   <li>switch: at t0 spark1 turns STANDBY and the new leader turns ALIVE together; lag from t0.</li>
 *   <li>kill: at t0 spark1's socket is closed (connection refused); at t1 = t0 + 4 s the new leader
 *       turns ALIVE, the third stays STANDBY; lag from t1.</li>
 * </ul>
 * Lag is measured until the first response that comes from the new leader with its ALIVE page. Counted
 * over requests sent from t0 until the proxy settled (10 consecutive responses from the new leader,
 * bounded at 60 s): STANDBY pages served with 200, and failed responses (non-200, or no response).
 */
public class LeaderChange {

    static final long MS = 1_000_000L;
    static final long POLL_NANOS = 20 * MS;
    static final int SETTLE_COUNT = 10;
    static final long SETTLE_BOUND_NANOS = 60_000 * MS;
    static final long KILL_PROMOTION_NANOS = 4_000 * MS;
    static final Pattern MARKER = Pattern.compile("<!-- stub:(\\w+) -->");
    static final Pattern STATUS = Pattern.compile("<li><strong>Status:</strong> (ALIVE|STANDBY)</li>");
    static final long START = System.nanoTime();

    /** One response (or failure) seen by a poller; status -1 = I/O error, -2 = timeout. */
    record Obs(long sent, long recv, int status, String stub, String role) {
        boolean fromLeader(String leader) {
            return status == 200 && leader.equals(stub) && "ALIVE".equals(role);
        }
    }

    static final class Poller implements Runnable {
        final String name;
        final HttpClient client;
        final HttpRequest request;
        final List<Obs> obs = new ArrayList<>();
        volatile boolean stop;
        final Thread thread;

        Poller(String name, int port) {
            this.name = name;
            this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            this.request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/spark/"))
                    .timeout(Duration.ofSeconds(15)).GET().build();
            this.thread = new Thread(this, "poll-" + name);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            long next = System.nanoTime();
            while (!stop) {
                long sent = System.nanoTime();
                int status;
                String stub = null;
                String role = null;
                try {
                    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                    status = r.statusCode();
                    Matcher m = MARKER.matcher(r.body());
                    if (m.find()) {
                        stub = m.group(1);
                    }
                    Matcher s = STATUS.matcher(r.body());
                    if (s.find()) {
                        role = s.group(1);
                    }
                } catch (java.net.http.HttpTimeoutException e) {
                    status = -2;
                } catch (IOException e) {
                    status = -1;
                } catch (InterruptedException e) {
                    return;
                }
                long recv = System.nanoTime();
                synchronized (obs) {
                    obs.add(new Obs(sent, recv, status, stub, role));
                }
                next += POLL_NANOS;
                long now = System.nanoTime();
                if (next < now) {
                    next = now;
                } else {
                    try {
                        Thread.sleep((next - now) / MS, (int) ((next - now) % MS));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        List<Obs> since(long t) {
            synchronized (obs) {
                int i = obs.size();
                while (i > 0 && obs.get(i - 1).sent >= t) {
                    i--;
                }
                return new ArrayList<>(obs.subList(i, obs.size()));
            }
        }

        /** Receive time of the response that completed 10 consecutive leader responses sent after t, or -1. */
        long settledAt(String leader, long t) {
            int run = 0;
            for (Obs o : since(t)) {
                run = o.fromLeader(leader) ? run + 1 : 0;
                if (run == SETTLE_COUNT) {
                    return o.recv;
                }
            }
            return -1;
        }
    }

    record Result(int rep, String scenario, String proxy, String newLeader, boolean preSettled,
                  long t0, long tLeader, Long lagMs, int standby, int failed, int failedAfterLeader,
                  int requests, long slowestMs, Long settleMs) {
    }

    static HttpClient controlClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static int controlPort;

    static void control(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = controlClient.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPort + pathAndQuery))
                        .timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("control " + pathAndQuery + " -> " + r.statusCode() + " " + r.body());
        }
    }

    /** Waits (bounded) until every poller has settled on leader from t; returns settle times (-1 = no). */
    static long[] waitSettled(List<Poller> pollers, String leader, long t, long boundNanos)
            throws InterruptedException {
        long[] at = new long[pollers.size()];
        java.util.Arrays.fill(at, -1);
        long deadline = t + boundNanos;
        while (true) {
            boolean all = true;
            for (int i = 0; i < pollers.size(); i++) {
                if (at[i] < 0) {
                    at[i] = pollers.get(i).settledAt(leader, t);
                }
                all &= at[i] >= 0;
            }
            if (all || System.nanoTime() > deadline) {
                return at;
            }
            Thread.sleep(50);
        }
    }

    static double sec(long nanos) {
        return nanos / 1e9;
    }

    static String elapsed() {
        return String.format(Locale.ROOT, "[%6.1f s]", sec(System.nanoTime() - START));
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> proxies = new LinkedHashMap<>();
        int reps = 3;
        long maxSeconds = 1500;
        long seed = 1;
        int jitterMs = 10_000;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--proxy" -> {
                    String[] kv = args[++i].split("=", 2);
                    proxies.put(kv[0], Integer.parseInt(kv[1]));
                }
                case "--control" -> controlPort = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--max-seconds" -> maxSeconds = Long.parseLong(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--jitter-ms" -> jitterMs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (proxies.isEmpty() || controlPort == 0) {
            System.err.println("usage: java bench/LeaderChange.java --proxy NAME=PORT ... --control PORT "
                    + "[--reps N] [--out DIR] [--max-seconds S] [--seed N] [--jitter-ms MS]");
            System.exit(2);
        }
        Random random = new Random(seed);
        long hardDeadline = START + maxSeconds * 1000 * MS;
        List<Poller> pollers = new ArrayList<>();
        for (Map.Entry<String, Integer> e : proxies.entrySet()) {
            pollers.add(new Poller(e.getKey(), e.getValue()));
        }
        pollers.forEach(p -> p.thread.start());

        List<Result> results = new ArrayList<>();
        List<String> events = new ArrayList<>();
        String[] scenarios = {"switch", "kill"};
        // Worst case per event: 60 s settling back, the jitter, 4 s promotion, 60 s settling.
        long worstEventNanos = (125_000L + jitterMs) * MS;
        boolean truncated = false;
        outer:
        for (int rep = 1; rep <= reps; rep++) {
            for (String scenario : scenarios) {
                if (System.nanoTime() + worstEventNanos > hardDeadline) {
                    System.out.println(elapsed() + " time bound of " + maxSeconds + " s reached; stopping early");
                    truncated = true;
                    break outer;
                }
                String newLeader = (rep % 2 == 1) == scenario.equals("switch") ? "spark2" : "spark3";
                String third = newLeader.equals("spark2") ? "spark3" : "spark2";

                // Restore: spark1 listening and ALIVE, the others STANDBY; wait until every proxy follows it.
                control("/role?spark1=ALIVE&spark2=STANDBY&spark3=STANDBY");
                control("/revive?spark1&spark2&spark3");
                long tReset = System.nanoTime();
                System.out.println(elapsed() + " rep " + rep + "/" + reps + " " + scenario
                        + ": waiting for the proxies to settle on spark1");
                long[] pre = waitSettled(pollers, "spark1", tReset, SETTLE_BOUND_NANOS);
                boolean preSettled = true;
                for (int i = 0; i < pollers.size(); i++) {
                    if (pre[i] < 0) {
                        preSettled = false;
                        System.out.println(elapsed() + "   WARNING: " + pollers.get(i).name
                                + " did not settle on spark1 within 60 s");
                    }
                }
                // A random pause over a whole check interval, so that t0 does not always fall at the same
                // phase of HAProxy's 10 s check schedule (settling ends right after one of its checks).
                Thread.sleep(random.nextInt(jitterMs + 1));

                long t0 = System.nanoTime();
                long tLeader;
                if (scenario.equals("switch")) {
                    control("/role?spark1=STANDBY&" + newLeader + "=ALIVE&" + third + "=STANDBY");
                    tLeader = t0;
                } else {
                    control("/kill?spark1");
                    long wait = t0 + KILL_PROMOTION_NANOS - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / MS, (int) (wait % MS));
                    }
                    tLeader = System.nanoTime();
                    control("/role?" + newLeader + "=ALIVE&" + third + "=STANDBY");
                }
                events.add(String.format(Locale.ROOT, "%d,%s,%s,%.3f,%.3f", rep, scenario, newLeader,
                        (t0 - START) / 1e6, (tLeader - START) / 1e6));
                System.out.println(elapsed() + "   " + scenario + " at t0: spark1 -> " + newLeader
                        + (scenario.equals("kill") ? " (spark1 killed, " + newLeader + " ALIVE at t0+4 s)" : ""));
                long[] settled = waitSettled(pollers, newLeader, t0, (tLeader - t0) + SETTLE_BOUND_NANOS);
                long tEnd = System.nanoTime();

                StringBuilder line = new StringBuilder(elapsed() + "  ");
                for (int i = 0; i < pollers.size(); i++) {
                    Poller p = pollers.get(i);
                    long until = settled[i] >= 0 ? settled[i] : tEnd;
                    Long lag = null;
                    int standby = 0;
                    int failed = 0;
                    int failedAfterLeader = 0;
                    int requests = 0;
                    long slowest = 0;
                    for (Obs o : p.since(t0)) {
                        if (o.sent > until) {
                            break;
                        }
                        requests++;
                        slowest = Math.max(slowest, o.recv - o.sent);
                        if (lag == null && o.recv >= tLeader && o.fromLeader(newLeader)) {
                            lag = (o.recv - tLeader) / MS;
                        }
                        if (o.status != 200) {
                            failed++;
                            if (o.sent >= tLeader) {
                                failedAfterLeader++;
                            }
                        } else if ("STANDBY".equals(o.role)) {
                            standby++;
                        }
                    }
                    Long settleMs = settled[i] >= 0 ? (settled[i] - tLeader) / MS : null;
                    results.add(new Result(rep, scenario, p.name, newLeader, preSettled, t0, tLeader, lag,
                            standby, failed, failedAfterLeader, requests, slowest / MS, settleMs));
                    line.append(String.format(Locale.ROOT,
                            " | %s lag %s, standby %d, failed %d, requests %d, slowest %d ms, settled %s",
                            p.name, lag == null ? "none" : String.format(Locale.ROOT, "%.2f s", lag / 1e3),
                            standby, failed, requests, slowest / MS,
                            settleMs == null ? "NO" : String.format(Locale.ROOT, "%.2f s", settleMs / 1e3)));
                }
                System.out.println(line);
            }
        }
        // Leave the stubs as they started.
        control("/role?spark1=ALIVE&spark2=STANDBY&spark3=STANDBY");
        control("/revive?spark1&spark2&spark3");
        pollers.forEach(p -> p.stop = true);

        String table = table(results, new ArrayList<>(proxies.keySet()), scenarios, reps, truncated);
        System.out.println();
        System.out.print(table);
        if (out != null) {
            write(out, results, events, pollers, table);
            System.out.println("raw results in " + out);
        }
    }

    static String table(List<Result> results, List<String> proxies, String[] scenarios, int reps,
                        boolean truncated) {
        StringBuilder sb = new StringBuilder();
        sb.append("| proxy | scenario | runs | lag to new leader, median (min–max) | standby pages served, "
                + "median (min–max) | failed responses, median (min–max) | slowest response, max "
                + "| settled (10 in a row), median |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (String scenario : scenarios) {
            for (String proxy : proxies) {
                List<Long> lags = new ArrayList<>();
                List<Long> standby = new ArrayList<>();
                List<Long> failed = new ArrayList<>();
                List<Long> settle = new ArrayList<>();
                long slowest = 0;
                int runs = 0;
                int noLag = 0;
                for (Result r : results) {
                    if (r.proxy.equals(proxy) && r.scenario.equals(scenario)) {
                        runs++;
                        if (r.lagMs != null) {
                            lags.add(r.lagMs);
                        } else {
                            noLag++;
                        }
                        standby.add((long) r.standby);
                        failed.add((long) r.failed);
                        slowest = Math.max(slowest, r.slowestMs);
                        if (r.settleMs != null) {
                            settle.add(r.settleMs);
                        }
                    }
                }
                String lagText = lags.isEmpty() ? "not reached"
                        : String.format(Locale.ROOT, "%.2f s (%.2f–%.2f)", median(lags) / 1e3,
                        lags.stream().mapToLong(Long::longValue).min().getAsLong() / 1e3,
                        lags.stream().mapToLong(Long::longValue).max().getAsLong() / 1e3)
                        + (noLag > 0 ? ", " + noLag + " not reached in 60 s" : "");
                String settleText = settle.isEmpty() ? "never" : String.format(Locale.ROOT, "%.2f s",
                        median(settle) / 1e3) + (settle.size() < runs ? " (" + (runs - settle.size())
                        + " never)" : "");
                sb.append("| ").append(proxy).append(" | ").append(scenario).append(" | ").append(runs)
                        .append(" | ").append(lagText)
                        .append(" | ").append(counts(standby))
                        .append(" | ").append(counts(failed))
                        .append(" | ").append(String.format(Locale.ROOT, "%.2f s", slowest / 1e3))
                        .append(" | ").append(settleText).append(" |\n");
            }
        }
        sb.append("\nLag: switch from t0, kill from t1 = t0 + 4 s (new leader turns ALIVE); polling every 20 ms."
                + " Counts: requests sent from t0 until the proxy settled"
                + " (kill: t0–t1 has no leader at all, so failures then are expected; failed_after_t_leader in"
                + " results.csv separates them).\n");
        if (truncated) {
            sb.append("Run stopped early by its time bound: fewer than ").append(reps).append(" repetitions.\n");
        }
        return sb.toString();
    }

    static String counts(List<Long> values) {
        if (values.isEmpty()) {
            return "–";
        }
        long min = values.stream().mapToLong(Long::longValue).min().getAsLong();
        long max = values.stream().mapToLong(Long::longValue).max().getAsLong();
        double med = median(values);
        String m = med == Math.rint(med) ? String.valueOf((long) med) : String.format(Locale.ROOT, "%.1f", med);
        return m + " (" + min + "–" + max + ")";
    }

    static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    static void write(Path dir, List<Result> results, List<String> events, List<Poller> pollers, String table)
            throws IOException {
        Files.createDirectories(dir);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("results.csv")))) {
            w.println("rep,scenario,proxy,new_leader,pre_settled,lag_ms,standby_pages,failed_responses,"
                    + "failed_after_t_leader,requests,slowest_ms,settle_ms");
            for (Result r : results) {
                w.println(r.rep + "," + r.scenario + "," + r.proxy + "," + r.newLeader + "," + r.preSettled + ","
                        + (r.lagMs == null ? "" : r.lagMs) + "," + r.standby + "," + r.failed + ","
                        + r.failedAfterLeader + "," + r.requests + "," + r.slowestMs + ","
                        + (r.settleMs == null ? "" : r.settleMs));
            }
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("results.json")))) {
            w.println("[");
            for (int i = 0; i < results.size(); i++) {
                Result r = results.get(i);
                w.printf(Locale.ROOT, "  {\"rep\": %d, \"scenario\": \"%s\", \"proxy\": \"%s\", \"newLeader\": \"%s\", "
                                + "\"preSettled\": %b, \"lagMs\": %s, \"standbyPages\": %d, \"failedResponses\": %d, "
                                + "\"failedAfterTLeader\": %d, \"requests\": %d, \"slowestMs\": %d, \"settleMs\": %s}%s%n",
                        r.rep, r.scenario, r.proxy, r.newLeader, r.preSettled, r.lagMs, r.standby, r.failed,
                        r.failedAfterLeader, r.requests, r.slowestMs, r.settleMs, i + 1 < results.size() ? "," : "");
            }
            w.println("]");
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("events.csv")))) {
            w.println("rep,scenario,new_leader,t0_ms,t_leader_ms");
            events.forEach(w::println);
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("observations.csv")))) {
            w.println("proxy,sent_ms,recv_ms,status,stub,role");
            for (Poller p : pollers) {
                synchronized (p.obs) {
                    for (Obs o : p.obs) {
                        w.printf(Locale.ROOT, "%s,%.3f,%.3f,%d,%s,%s%n", p.name, (o.sent - START) / 1e6,
                                (o.recv - START) / 1e6, o.status, o.stub == null ? "" : o.stub,
                                o.role == null ? "" : o.role);
                    }
                }
            }
        }
        Files.writeString(dir.resolve("table.md"), table);
    }
}
