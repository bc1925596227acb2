package org.lodestar.config;

import java.util.Optional;
import java.util.Set;

/**
 * {@code user <name> [password <hash> | insecure-password <password>] [groups <group>,...]} in a userlist.
 *
 * @param password none when the line gives none: such a user can never log in
 * @param groups   every group the user belongs to, whether named on this line or by a {@code group} line
 */
public record User(String name, Optional<Password> password, Set<String> groups, int line) {
    public User {
        groups = Set.copyOf(groups);
    }

    /** How a user's password is stored in the configuration. */
    public sealed interface Password {
    }

    /**
     * {@code password <hash>}: a crypt(3) SHA-256 ({@code $5$}) or SHA-512 ({@code $6$}) hash, checked for
     * its form when the configuration is read.
     */
    public record Hashed(String hash) implements Password {
        /** The scheme and salt only: a hash is not the password, but it need not end up in a log either. */
        @Override
        public String toString() {
            int end = hash.lastIndexOf('$');
            return "Hashed[" + (end > 0 ? hash.substring(0, end + 1) : "$") + "…]";
        }
    }

    /** {@code insecure-password <password>}: the password itself, in the file. */
    public record Insecure(String text) implements Password {
        @Override
        public String toString() {
            return "Insecure[…]";
        }
    }
}
