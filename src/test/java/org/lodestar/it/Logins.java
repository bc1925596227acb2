package org.lodestar.it;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The tests' stats users ({@link Deployments#withStatsUsers}) and the HTTP Basic credentials a client sends. */
public final class Logins {
    /** In group {@code admin} of userlist {@code stats-auth}: role lodestar-admin. */
    public static final String ADMIN = "boss:adm1n";
    /** In group {@code readonly} of userlist {@code stats-auth}: role lodestar-viewer. */
    public static final String VIEWER = "viewer:s3cret";

    private Logins() {
    }

    /** The {@code Authorization} value of HTTP Basic for {@code login} ({@code user:password}). */
    public static String basic(String login) {
        return "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8));
    }
}
