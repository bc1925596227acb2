package org.lodestar.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;
import org.lodestar.container.Lodestar;
import org.lodestar.stats.StatsAccess;

/**
 * Lodestar's authentication, through Jakarta Security so that the server's own identity stores take part
 * too: HTTP Basic (what monitoring scripts speak), with the realm of the configuration's
 * {@code stats realm}. The users of {@code stats auth} are checked by {@link StatsIdentityStore}.
 */
@BasicAuthenticationMechanismDefinition(realmName = "#{lodestarStats.realm}")
@Named("lodestarStats")
@ApplicationScoped
public class StatsSecurity {
    @Inject
    private Lodestar lodestar;

    /** The running configuration's view of who may read the statistics (a reload may change it). */
    public StatsAccess access() {
        return lodestar.runtime().statsAccess();
    }

    /** For the mechanism's {@code WWW-Authenticate} header. */
    public String getRealm() {
        return access().realm();
    }
}
