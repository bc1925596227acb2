package org.lodestar.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The three servers of the shipped reference configuration as test backends on loopback, named as there
 * ({@code spark1}..{@code spark3}), each answering as an ALIVE Spark master until told otherwise.
 */
public record ReferenceBackends(TestBackend spark1, TestBackend spark2, TestBackend spark3) implements AutoCloseable {

    public static ReferenceBackends start() throws IOException {
        List<TestBackend> started = new ArrayList<>();
        try {
            for (String name : List.of("spark1", "spark2", "spark3")) {
                started.add(new TestBackend(name));
            }
        } catch (IOException | RuntimeException e) {
            TestBackend.closeAll(started.toArray(TestBackend[]::new));
            throw e;
        }
        return new ReferenceBackends(started.get(0), started.get(1), started.get(2));
    }

    /** The reference configuration with its three servers moved to these backends. */
    public String referenceConfig() throws IOException {
        return Deployments.referenceConfig(spark1.port(), spark2.port(), spark3.port());
    }

    public List<TestBackend> all() {
        return List.of(spark1, spark2, spark3);
    }

    @Override
    public void close() {
        TestBackend.closeAll(spark1, spark2, spark3);
    }
}
