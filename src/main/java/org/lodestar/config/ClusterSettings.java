package org.lodestar.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The global {@code lodestar-cluster} line: the instances naming the same ZooKeeper ensemble and path share their
 * administrators' settings of the servers.
 *
 * @param zookeeper the ensemble, {@code host:port} each, in the order written
 * @param path      the znode under which this cluster keeps its state, e.g. {@code /lodestar/mgmt}
 * @param instance  this instance's id as written in the file; when absent it comes from elsewhere (see
 *                  docs/configuration.md)
 */
public record ClusterSettings(List<String> zookeeper, String path, Optional<String> instance) {
    public ClusterSettings {
        zookeeper = List.copyOf(zookeeper);
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(instance, "instance");
    }

    /** The ensemble as ZooKeeper's client takes it: {@code host:port,host:port}. */
    public String connectString() {
        return String.join(",", zookeeper);
    }
}
