package org.lodestar.state;

import java.util.Objects;
import org.lodestar.server.AdminMode;
import org.lodestar.server.ServerKey;

/**
 * The settings an administrator can change on one server, as kept in the state store.
 *
 * @param weight        the weight in effect (0..256)
 * @param checksEnabled false while an administrator has paused its health checks
 */
public record ServerSettings(ServerKey server, AdminMode mode, int weight, boolean checksEnabled) {
    public ServerSettings {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(mode, "mode");
    }
}
