package org.lodestar.config;

import java.util.Set;

/**
 * {@code group <name> [users <user>,...]} in a userlist.
 *
 * @param users every member, whether named on this line or by the user's own {@code groups}
 */
public record Group(String name, Set<String> users, int line) {
    public Group {
        users = Set.copyOf(users);
    }
}
