package org.lodestar.state;

import java.util.Map;
import java.util.Optional;
import org.lodestar.server.ServerKey;

/**
 * The seam between the administrators' actions and the instances they must reach: where the settings of the
 * servers are shared, if anywhere. {@link #ALONE} is today's Lodestar, one instance whose settings live in its
 * {@link StateStore} only; {@code org.lodestar.cluster.ZooKeeperState} shares them with every instance of a
 * {@code lodestar-cluster}. The {@link StateStore} stays beside it as this instance's cache.
 *
 * <p>Each server's settings are one {@link SharedRecord} with a version: a change is stored only if the record
 * is still at the version the administrator saw (compare-and-set), so that two administrators acting at once
 * cannot overwrite each other silently.
 */
public interface SharedState {
    /** One instance alone: every change is its own, nothing comes from elsewhere. */
    SharedState ALONE = new SharedState() {
        @Override
        public boolean shared() {
            return false;
        }

        @Override
        public String instance() {
            return "";
        }

        @Override
        public Optional<String> refusal() {
            return Optional.empty();
        }

        @Override
        public Optional<Map<ServerKey, SharedRecord>> records() {
            return Optional.empty();
        }

        @Override
        public Commit commit(ServerKey server, SharedRecord next, int expectedVersion) {
            return new Commit.Stored(expectedVersion + 1);
        }

        @Override
        public void follow(Follower follower) {
        }

        @Override
        public String describe() {
            return "this instance alone";
        }
    };

    /** Whether other instances share the settings: only then do actions carry the instance and go through here. */
    boolean shared();

    /** This instance's id in the cluster, named in the records and the timeline; empty when alone. */
    String instance();

    /** Why an action cannot be stored now (the store cannot be reached), in words fit for the page; empty when it can. */
    Optional<String> refusal();

    /**
     * The records as the cluster holds them, by server, when this instance knows them (it reached the store since it
     * started); empty otherwise, and then the local cache is all there is.
     */
    Optional<Map<ServerKey, SharedRecord>> records();

    /**
     * Stores {@code next} as the record of {@code server} if that record is still at {@code expectedVersion}
     * ({@link SharedRecord#ABSENT} for a server no one has acted on yet).
     */
    Commit commit(ServerKey server, SharedRecord next, int expectedVersion);

    /**
     * Tells {@code follower} of each record another instance stores (this instance's own come back too; they carry
     * a version already known), and of all of them again once the store is back after being out of reach. One
     * follower at a time: a reloaded configuration's administration replaces the previous one's.
     */
    void follow(Follower follower);

    /** What an instance does with the records of the others. Called on the store's thread. */
    interface Follower {
        void changed(SharedRecord record);

        /** Every record, after the store was out of reach (or first reached after the start). */
        void resynchronised(Map<ServerKey, SharedRecord> records);
    }

    /** Where the settings are shared, for the log and the dashboard. */
    String describe();

    /** What became of a {@link #commit}. */
    sealed interface Commit {
        /** Stored; the record is now at {@code version}. */
        record Stored(int version) implements Commit {
        }

        /** Someone else changed the record first: {@code current} is what they stored. */
        record Conflict(SharedRecord current) implements Commit {
        }

        /** The store could not be reached or refused; nothing was stored. */
        record Failed(String reason) implements Commit {
        }
    }
}
