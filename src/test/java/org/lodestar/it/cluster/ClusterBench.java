package org.lodestar.it.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lodestar.it.cluster.ThreeLodestars.AdminSession;

/**
 * The cluster benchmark (bench/cluster), not a test: on the cluster of {@link ThreeLodestars},
 * <ol>
 * <li>propagation: {@code ACTIONS} admin actions (MAINT and READY on spark1 in turn, each from the next instance),
 * each timed from just before its POST until the two other instances show it in their CSV export;</li>
 * <li>the idle cost of the cluster client in each instance: CPU of its threads over {@code IDLE_SECONDS}
 * ({@code jcmd Thread.print} before and after), how many there are, and the heap its classes hold
 * ({@code jcmd GC.class_histogram}: Curator, ZooKeeper, Netty, Guava).</li>
 * </ol>
 * <pre>java -cp … org.lodestar.it.cluster.ClusterBench OUTPUT_DIR [ACTIONS] [IDLE_SECONDS]</pre>
 */
public final class ClusterBench {
    /** The cluster client's threads: ZooKeeper's (named after the thread that connected), Curator's, Lodestar's. */
    private static final Pattern CLUSTER_THREAD = Pattern.compile(
            "-SendThread\\(|-EventThread$|^Curator-|^lodestar-zookeeper|^lodestar-cluster");
    private static final Pattern THREAD_LINE = Pattern.compile("^\"(.*)\" .*cpu=([0-9.]+)ms");
    private static final Pattern CLUSTER_CLASSES = Pattern.compile(
            "^(org\\.apache\\.curator|org\\.apache\\.zookeeper|org\\.apache\\.jute|io\\.netty|com\\.google\\.common)\\.");

    private ClusterBench() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]).toAbsolutePath();
        int actions = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int idleSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        List<String> lines = new ArrayList<>();
        try (ThreeLodestars cluster = new ThreeLodestars(out.resolve("cluster"))) {
            lines.add("# Propagation of an admin action across three instances (" + actions + " actions)");
            List<Long> worst = new ArrayList<>();
            List<Long> all = new ArrayList<>();
            List<Long> postMillis = new ArrayList<>();
            for (int i = 0; i < actions; i++) {
                LodestarProcess actor = cluster.get(i % 3);
                List<LodestarProcess> others = new ArrayList<>(cluster.lodestars);
                others.remove(actor);
                String target = i % 2 == 0 ? "MAINT" : "READY";
                AdminSession admin = new AdminSession(actor);
                admin.page();
                // Back to READY, a checked server waits for its next check; the action itself is what propagates.
                java.util.function.Predicate<String> shown = target.equals("MAINT") ? "MAINT"::equals
                        : status -> !status.equals("MAINT");
                long[] stored = new long[1];
                long[] posted = new long[1];
                List<Long> millis = ThreeLodestars.propagation(others, "spark1", shown, () -> {
                    posted[0] = System.nanoTime();
                    String location = admin.post(target.toLowerCase(java.util.Locale.ROOT), "SRV_SPARK/spark1");
                    stored[0] = (System.nanoTime() - posted[0]) / 1_000_000;
                    return admin.outcome(location).startsWith("banner applied");
                });
                postMillis.add(stored[0]);
                all.addAll(millis);
                worst.add(millis.stream().mapToLong(Long::longValue).max().orElseThrow());
                lines.add("action " + (i + 1) + ": " + target + " on " + actor.id + ": POST answered after " + stored[0]
                        + " ms (stored in ZooKeeper and applied there), shown by the others after " + millis + " ms");
                Thread.sleep(500);
            }
            lines.add("per action (slower of the two others): median " + median(worst) + " ms, max "
                    + worst.stream().mapToLong(Long::longValue).max().orElseThrow() + " ms");
            lines.add("every instance: median " + median(all) + " ms, max "
                    + all.stream().mapToLong(Long::longValue).max().orElseThrow() + " ms");
            lines.add("the POST on the acting instance (authentication, compare-and-set in ZooKeeper, applied there):"
                    + " median " + median(postMillis) + " ms, max "
                    + postMillis.stream().mapToLong(Long::longValue).max().orElseThrow() + " ms");

            lines.add("");
            lines.add("# Idle cost of the cluster client over " + idleSeconds + " s (no traffic, no action)");
            Thread.sleep(10_000);
            Map<Long, Map<String, Double>> before = new HashMap<>();
            for (LodestarProcess l : cluster.lodestars) {
                before.put(l.pid(), threadCpu(l.pid()));
            }
            Thread.sleep(idleSeconds * 1000L);
            lines.add("| instance | cluster threads | their CPU (ms) | whole JVM CPU (ms) | objects of cluster classes"
                    + " (KiB, their byte arrays not counted) | RSS (MiB) |");
            lines.add("|---|---|---|---|---|---|");
            for (LodestarProcess l : cluster.lodestars) {
                Map<String, Double> after = threadCpu(l.pid());
                double clusterCpu = 0;
                double totalCpu = 0;
                int clusterThreads = 0;
                for (Map.Entry<String, Double> e : after.entrySet()) {
                    double delta = e.getValue() - before.get(l.pid()).getOrDefault(e.getKey(), 0.0);
                    totalCpu += delta;
                    if (CLUSTER_THREAD.matcher(e.getKey()).find()) {
                        clusterCpu += delta;
                        clusterThreads++;
                    }
                }
                lines.add(String.format(java.util.Locale.ROOT, "| %s | %d | %.1f | %.1f | %d | %d |", l.id,
                        clusterThreads, clusterCpu, totalCpu, clusterHeapBytes(l.pid()) / 1024, rssMiB(l.pid())));
            }
            Map<String, Double> end = threadCpu(cluster.get(0).pid());
            List<String> perThread = new ArrayList<>();
            end.forEach((name, ms) -> {
                if (CLUSTER_THREAD.matcher(name).find()) {
                    perThread.add(String.format(java.util.Locale.ROOT, "%s %.1f ms", name,
                            ms - before.get(cluster.get(0).pid()).getOrDefault(name, 0.0)));
                }
            });
            java.util.Collections.sort(perThread);
            lines.add("cluster threads of one, CPU over the idle period and the histogram's pause: " + perThread);
        }
        Files.createDirectories(out);
        Files.write(out.resolve("cluster.txt"), lines, StandardCharsets.UTF_8);
        lines.forEach(System.out::println);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** CPU time of each thread so far, by name (duplicates summed). */
    private static Map<String, Double> threadCpu(long pid) throws IOException, InterruptedException {
        Map<String, Double> cpu = new HashMap<>();
        for (String line : jcmd(pid, "Thread.print")) {
            Matcher m = THREAD_LINE.matcher(line);
            if (m.find()) {
                cpu.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return cpu;
    }

    /** Bytes the live objects of the cluster client's classes hold (after the full GC the histogram triggers). */
    private static long clusterHeapBytes(long pid) throws IOException, InterruptedException {
        long bytes = 0;
        for (String line : jcmd(pid, "GC.class_histogram")) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 4 && words[0].endsWith(":") && CLUSTER_CLASSES.matcher(words[3]).find()) {
                bytes += Long.parseLong(words[2]);
            }
        }
        return bytes;
    }

    private static long rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    private static List<String> jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return List.of(new String(output, StandardCharsets.UTF_8).split("\n"));
    }
}
