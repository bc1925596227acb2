package org.lodestar.sparkapp;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A Spark application that stays up, so that its UI can be looked at through the master: it runs a
 * small job every second (so the jobs, stages and executors pages have something to show) until
 * {@code <seconds>} have passed; the tests kill it sooner.
 *
 * <p>Arguments: {@code <seconds>}. Compiled and packaged at test time by
 * {@code org.lodestar.it.spark.SparkApps}, against the cluster's Spark classpath.
 */
public final class LingeringApp {
    private LingeringApp() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        List<Integer> numbers = IntStream.rangeClosed(1, 1000).boxed().collect(Collectors.toList());
        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setAppName("lodestar-lingering"))) {
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            for (int round = 1; System.nanoTime() < deadline; round++) {
                sc.setJobDescription("sum of squares, round " + round);
                long sum = sc.parallelize(numbers, 4).map(x -> (long) x * x).reduce(Long::sum);
                System.out.println("round " + round + ": " + sum);
                Thread.sleep(1000);
            }
        }
    }
}
