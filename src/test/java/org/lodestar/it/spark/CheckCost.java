package org.lodestar.it.spark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one health check costs a real Spark master: {@code GET /} (the page the seed's check renders) against
 * {@code GET /json/}, on the leader with no application and again once {@code <apps>} applications ran on it
 * (Spark keeps up to 200 completed ones, {@code spark.deploy.retainedApplications}). Sequential requests, as
 * checks are; prints the size, the latency percentiles seen by the client, and the CPU time the master's JVM
 * spent per request (its total CPU time over the run, divided by the requests: GC and its own timers
 * included). Run by {@code bench/check-cost [APPS] [REQUESTS]}.
 */
public final class CheckCost {
    private static final Pattern COMPLETED = Pattern.compile("\"completedapps\"\\s*:\\s*\\[(.*)\\]", Pattern.DOTALL);

    private CheckCost() {
    }

    public static void main(String[] args) throws Exception {
        int apps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Path base = SparkClasspath.projectDir();
        try (SparkCluster cluster = SparkCluster.start(base.resolve("target/spark-cluster"))) {
            SparkCluster.Master leader = cluster.awaitLeader(Duration.ofSeconds(10));
            System.out.println("# leader " + leader.name() + " " + leader.uiUri());
            measure(leader, "0 applications", requests);
            SparkCluster.SparkProcess many = cluster.sparkSubmit("many-apps", "512m", List.of(
                    "--master", cluster.masterUrl(), "--class", "org.lodestar.sparkapp.ManyApps",
                    "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
                    // more cores per executor than the worker has: the applications register and start none
                    "--conf", "spark.executor.cores=64",
                    SparkApps.jar().toString(), String.valueOf(apps)));
            int exit = many.awaitExit(Duration.ofMinutes(30));
            if (exit != 0) {
                throw new IllegalStateException("ManyApps exited with " + exit + ":\n" + many.output());
            }
            Matcher completed = COMPLETED.matcher(leader.json());
            int listed = completed.find() ? completed.group(1).split("\"id\"").length - 1 : 0;
            measure(leader, listed + " completed applications", requests);
        }
    }

    private static Duration cpu(SparkCluster.Master master) {
        return ProcessHandle.of(master.pid()).flatMap(p -> p.info().totalCpuDuration())
                .orElseThrow(() -> new IllegalStateException("no CPU time for " + master.name()));
    }

    private static void measure(SparkCluster.Master leader, String label, int requests) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (String path : List.of("/", "/json/")) {
            URI uri = leader.uiUri().resolve(path);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
            int bytes = 0;
            for (int i = 0; i < 30; i++) {
                bytes = http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body().length;
            }
            List<Long> micros = new ArrayList<>();
            Duration cpu0 = cpu(leader);
            for (int i = 0; i < requests; i++) {
                long t0 = System.nanoTime();
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                micros.add((System.nanoTime() - t0) / 1000);
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(uri + " answered " + response.statusCode());
                }
            }
            double cpuMillis = cpu(leader).minus(cpu0).toNanos() / 1e6 / requests;
            Collections.sort(micros);
            System.out.printf("%-28s GET %-7s %8d bytes  median %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  master CPU %5.2f ms"
                    + "  (%d requests)%n", label, path, bytes, micros.get(requests / 2) / 1000.0,
                    micros.get(requests * 9 / 10) / 1000.0, micros.get(requests * 99 / 100) / 1000.0, cpuMillis, requests);
        }
    }
}
