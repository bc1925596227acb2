package org.lodestar.sparkapp;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Registers {@code <count>} short applications with the cluster one after the other, each started and stopped
 * without running a job, so that a master has many (completed) applications to list: the case where rendering
 * its page costs the most. Arguments: {@code <count>}. Run by {@code bench/check-cost}.
 */
public final class ManyApps {
    private ManyApps() {
    }

    public static void main(String[] args) {
        int count = Integer.parseInt(args[0]);
        for (int i = 1; i <= count; i++) {
            SparkConf conf = new SparkConf().setAppName("many-apps-" + i);
            try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                System.out.println("registered " + sc.sc().applicationId() + " (" + i + "/" + count + ")");
            }
        }
    }
}
