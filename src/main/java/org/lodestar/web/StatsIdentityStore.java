package org.lodestar.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.HashSet;
import java.util.List;

/**
 * Validates the users of the configuration's {@code stats auth} lines and gives them their role as a
 * group ({@code lodestar-admin} or {@code lodestar-viewer}, see {@link org.lodestar.stats.StatsAccess}).
 * A name or password it does not know is {@code NOT_VALIDATED}, not {@code INVALID}, so other identity
 * stores (the server's realm) may still accept the caller.
 */
@ApplicationScoped
public class StatsIdentityStore implements IdentityStore {
    @Inject
    private StatsSecurity security;

    @Override
    public CredentialValidationResult validate(jakarta.security.enterprise.credential.Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential login)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        List<String> roles = security.access().authenticate(login.getCaller(), login.getPasswordAsString());
        return roles.isEmpty() ? CredentialValidationResult.NOT_VALIDATED_RESULT
                : new CredentialValidationResult(login.getCaller(), new HashSet<>(roles));
    }
}
