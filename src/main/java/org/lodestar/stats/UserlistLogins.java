package org.lodestar.stats;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.lodestar.config.User;
import org.lodestar.config.Userlist;

/**
 * Checks a login against the userlists the statistics' conditions name.
 *
 * <p>HTTP Basic sends the password with every request (the page reloads itself, scripts poll), and a SHA-crypt
 * hash takes milliseconds to compute on purpose. So the last password that matched each hashed user is
 * remembered, as an HMAC-SHA-256 under a random key made for this configuration (never the password itself):
 * the next login with it costs a keyed digest and a constant-time comparison. There is at most one entry per
 * user of the configuration, and a reload starts from nothing. A password that does not match is not
 * remembered: each costs a full hash, as in HAProxy.
 */
final class UserlistLogins {
    private static final String MAC = "HmacSHA256";

    private record Key(String userlist, String user) {
    }

    private final Map<String, Userlist> userlists;
    private final SecretKeySpec cacheKey;
    private final Map<Key, byte[]> matched = new ConcurrentHashMap<>();

    /** @param userlists the ones the statistics refer to, by name */
    UserlistLogins(Map<String, Userlist> userlists) {
        this.userlists = Map.copyOf(userlists);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, MAC);
    }

    /** The userlists in which this name has this password, with the user's groups in each. */
    Caller login(String name, String password) {
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        for (Userlist list : userlists.values()) {
            list.user(name).filter(user -> matches(list.name(), user, password))
                    .ifPresent(user -> groups.put(list.name(), user.groups()));
        }
        return groups.isEmpty() ? Caller.NOBODY : new Caller(groups);
    }

    /** How many hashed users have a remembered password now (for tests). */
    int remembered() {
        return matched.size();
    }

    private boolean matches(String userlist, User user, String password) {
        if (user.password().isEmpty()) {
            return false;
        }
        User.Password stored = user.password().get();
        if (stored instanceof User.Insecure insecure) {
            return MessageDigest.isEqual(insecure.text().getBytes(StandardCharsets.UTF_8),
                    password.getBytes(StandardCharsets.UTF_8));
        }
        Key key = new Key(userlist, user.name());
        byte[] mac = mac(password);
        byte[] last = matched.get(key);
        if (last != null && MessageDigest.isEqual(last, mac)) {
            return true;
        }
        if (!ShaCrypt.matches(password, ((User.Hashed) stored).hash())) {
            return false;
        }
        matched.put(key, mac);
        return true;
    }

    private byte[] mac(String password) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(cacheKey);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
        }
    }
}
