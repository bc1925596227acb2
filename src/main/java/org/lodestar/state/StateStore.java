package org.lodestar.state;

import java.io.IOException;
import java.util.List;

/**
 * Where the administrators' settings survive a restart: a file today ({@link FileStateStore}), a store
 * shared by a cluster later. Only settings that differ from the configuration are kept.
 */
public interface StateStore {
    /** Keeps nothing: the settings last until the application stops. */
    StateStore NONE = new StateStore() {
        @Override
        public Loaded load() {
            return new Loaded(List.of(), List.of());
        }

        @Override
        public void save(List<ServerSettings> settings) {
        }

        @Override
        public String describe() {
            return "no state file";
        }
    };

    /**
     * Loads {@code settings} instead of what {@code target} holds, and saves to {@code target}: a reloaded
     * configuration takes the settings in effect, which a store that cannot be written may not hold.
     */
    static StateStore carryingOver(List<ServerSettings> settings, StateStore target) {
        Loaded carried = new Loaded(settings, List.of());
        return new StateStore() {
            @Override
            public Loaded load() {
                return carried;
            }

            @Override
            public void save(List<ServerSettings> changed) throws IOException {
                target.save(changed);
            }

            @Override
            public String describe() {
                return target.describe();
            }
        };
    }

    /**
     * What was kept, and what could not be read: a store that cannot be read yields warnings, never an
     * exception, since a lost setting must not stop the proxy from starting.
     */
    Loaded load();

    /** Replaces everything kept by {@code settings}, all at once or not at all. */
    void save(List<ServerSettings> settings) throws IOException;

    /** Where the settings are kept, for the log and the dashboard. */
    String describe();

    /** The settings read, and a warning for each part that could not be used. */
    record Loaded(List<ServerSettings> settings, List<String> warnings) {
        public Loaded {
            settings = List.copyOf(settings);
            warnings = List.copyOf(warnings);
        }
    }
}
