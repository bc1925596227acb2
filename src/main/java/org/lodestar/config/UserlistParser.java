package org.lodestar.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code userlist} sections ({@code group} and {@code user} lines) for {@link ConfigParser}; once the whole
 * file is read, builds them, with group membership from both sides. The {@code http_auth} criteria naming them are
 * checked by {@link ConfigValidator}.
 */
final class UserlistParser {
    /** Where findings go, with the line they are about. */
    interface Sink {
        void add(int line, String message);
    }

    static final String MAKE_A_HASH = "make one with 'mkpasswd -m sha-512' (Debian package whois) or 'openssl passwd -6'";

    /** crypt(3) SHA-crypt: {@code $5$} or {@code $6$}, optional {@code rounds=N$}, a salt of 1-16, the digest. */
    private static final Pattern SHA_CRYPT = Pattern.compile(
            "\\$([56])\\$(?:rounds=([0-9]{1,10})\\$)?([./0-9A-Za-z]{1,16})\\$([./0-9A-Za-z]*)");
    private static final long MIN_ROUNDS = 1_000;
    private static final long MAX_ROUNDS = 999_999_999;

    private record Entry(String name, int line) {
    }

    private static final class PendingUser {
        final String name;
        final int line;
        final Optional<User.Password> password;
        final Set<String> groups = new LinkedHashSet<>();

        PendingUser(String name, int line, Optional<User.Password> password) {
            this.name = name;
            this.line = line;
            this.password = password;
        }
    }

    private static final class PendingList {
        final String name;
        final int line;
        final Map<String, PendingUser> users = new LinkedHashMap<>();
        final Map<String, Integer> groups = new LinkedHashMap<>();
        /** {@code group <name> users ...}: the group's line and the users it names. */
        final List<Map.Entry<Entry, List<String>>> members = new ArrayList<>();

        PendingList(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }

    private final Sink warnings;
    private final Map<String, PendingList> lists = new LinkedHashMap<>();
    private PendingList current;

    UserlistParser(Sink warnings) {
        this.warnings = warnings;
    }

    /** {@code userlist <name>}. */
    void start(List<String> words, int line) throws LineError {
        // Lines of a section that is not kept are still read for their own errors.
        current = new PendingList("", line);
        if (words.size() < 2) {
            throw new LineError("'userlist' needs a name");
        }
        String name = words.get(1);
        Args.name("userlist", name);
        if (words.size() > 2) {
            throw new LineError("'userlist " + name + "': unexpected argument '" + words.get(2) + "'");
        }
        PendingList other = lists.get(name);
        if (other != null) {
            throw new LineError("userlist '" + name + "' is already declared at line " + other.line
                    + " (userlist names must be unique)");
        }
        current = new PendingList(name, line);
        lists.put(name, current);
    }

    /** A line inside a userlist section. */
    void keyword(List<String> words, int line) throws LineError {
        switch (words.get(0)) {
            case "group" -> group(words, line);
            case "user" -> user(words, line);
            default -> throw new LineError("unknown keyword '" + words.get(0)
                    + "' in 'userlist' section (supported: group, user)");
        }
    }

    private void group(List<String> words, int line) throws LineError {
        if (words.size() < 2) {
            throw new LineError("'group' expects <name> [users <user>,<user>...]");
        }
        String name = words.get(1);
        String ctx = "'group " + name + "': ";
        checkName(ctx, "group", name);
        List<String> users = List.of();
        if (words.size() > 2) {
            if (!words.get(2).equals("users")) {
                throw new LineError(ctx + "unexpected '" + words.get(2) + "' (expected 'users <user>,<user>...')");
            }
            if (words.size() != 4) {
                throw new LineError(ctx + "'users' expects one comma-separated list of users");
            }
            users = names(ctx, "user", words.get(3));
        }
        Integer other = current.groups.get(name);
        if (other != null) {
            throw new LineError("group '" + name + "' is already declared in userlist '" + current.name
                    + "' at line " + other);
        }
        current.groups.put(name, line);
        current.members.add(Map.entry(new Entry(name, line), users));
    }

    private void user(List<String> words, int line) throws LineError {
        if (words.size() < 2) {
            throw new LineError("'user' expects <name> [password <hash>|insecure-password <password>]"
                    + " [groups <group>,<group>...]");
        }
        String name = words.get(1);
        String ctx = "'user " + name + "': ";
        checkName(ctx, "user", name);
        Optional<User.Password> password = Optional.empty();
        List<String> groups = new ArrayList<>();
        for (int i = 2; i < words.size(); i += 2) {
            String option = words.get(i);
            if (!option.equals("password") && !option.equals("insecure-password") && !option.equals("groups")) {
                throw new LineError(ctx + "unexpected '" + option
                        + "' (expected password, insecure-password or groups)");
            }
            if (i + 1 >= words.size()) {
                throw new LineError(ctx + "'" + option + "' expects a value");
            }
            String value = words.get(i + 1);
            if (option.equals("groups")) {
                groups.addAll(names(ctx, "group", value));
                continue;
            }
            if (password.isPresent()) {
                throw new LineError(ctx + "more than one password");
            }
            password = Optional.of(option.equals("password") ? new User.Hashed(checkHash(ctx, value))
                    : new User.Insecure(value));
        }
        PendingUser other = current.users.get(name);
        if (other != null) {
            throw new LineError("user '" + name + "' is already declared in userlist '" + current.name
                    + "' at line " + other.line);
        }
        PendingUser user = new PendingUser(name, line, password);
        user.groups.addAll(groups);
        current.users.put(name, user);
        if (password.isEmpty()) {
            warnings.add(line, "user '" + name + "' in userlist '" + current.name + "' has no password: it can never"
                    + " log in");
        } else if (password.get() instanceof User.Insecure) {
            warnings.add(line, "user '" + name + "' in userlist '" + current.name + "' has a plain-text password"
                    + " ('insecure-password'): whoever reads this file can log in as '" + name + "'; store a"
                    + " crypt(3) hash instead, 'user " + name + " password <hash>', and " + MAKE_A_HASH);
        }
    }

    private static void checkName(String ctx, String what, String name) throws LineError {
        if (!Args.NAME.matcher(name).matches()) {
            throw new LineError(ctx + "invalid " + what + " name '" + name
                    + "' (letters, digits, '-', '_', '.' and ':' only)");
        }
    }

    private static List<String> names(String ctx, String what, String list) throws LineError {
        List<String> names = new ArrayList<>();
        for (String name : list.split(",", -1)) {
            checkName(ctx, what, name);
            names.add(name);
        }
        return names;
    }

    /**
     * Only SHA-crypt, which Lodestar verifies, and only hashes crypt(3) can produce: anything else would
     * refuse every login without saying why.
     */
    static String checkHash(String ctx, String hash) throws LineError {
        Matcher m = SHA_CRYPT.matcher(hash);
        if (!m.matches()) {
            throw new LineError(ctx + unsupported(hash) + "; Lodestar verifies crypt(3) SHA-512 ('$6$...') and"
                    + " SHA-256 ('$5$...') hashes: " + MAKE_A_HASH);
        }
        String scheme = m.group(1).equals("6") ? "SHA-512" : "SHA-256";
        int length = m.group(1).equals("6") ? 86 : 43;
        if (m.group(4).length() != length) {
            throw new LineError(ctx + "malformed " + scheme + " crypt hash: " + m.group(4).length()
                    + " characters after the salt, expected " + length);
        }
        if (m.group(2) != null) {
            long rounds = Long.parseLong(m.group(2));
            if (rounds < MIN_ROUNDS || rounds > MAX_ROUNDS) {
                throw new LineError(ctx + "rounds=" + rounds + " is outside " + MIN_ROUNDS + ".." + MAX_ROUNDS
                        + ", which crypt(3) never writes");
            }
        }
        return hash;
    }

    /** What the hash is, named by its prefix, without repeating it. */
    private static String unsupported(String hash) {
        String scheme;
        if (hash.startsWith("$1$")) {
            scheme = "MD5-crypt ('$1$')";
        } else if (hash.startsWith("$apr1$")) {
            scheme = "Apache MD5 ('$apr1$')";
        } else if (hash.matches("\\$2[abxy]?\\$.*")) {
            scheme = "bcrypt ('" + hash.substring(0, hash.indexOf('$', 1) + 1) + "')";
        } else if (hash.startsWith("$y$")) {
            scheme = "yescrypt ('$y$', the default of Debian's mkpasswd)";
        } else if (hash.startsWith("$gy$")) {
            scheme = "gost-yescrypt ('$gy$')";
        } else if (hash.startsWith("$7$")) {
            scheme = "scrypt ('$7$')";
        } else if (hash.startsWith("$argon2")) {
            scheme = "Argon2";
        } else if (hash.startsWith("$5$") || hash.startsWith("$6$")) {
            return "malformed " + (hash.startsWith("$6$") ? "SHA-512" : "SHA-256") + " crypt hash (expected $"
                    + hash.charAt(1) + "$[rounds=<n>$]<salt of 1 to 16 characters>$<digest>)";
        } else if (hash.startsWith("$")) {
            scheme = "an unknown scheme ('" + hash.substring(0, Math.max(1, hash.indexOf('$', 1) + 1)) + "')";
        } else {
            return "'password' expects a crypt(3) hash, this is none (traditional DES crypt is not supported;"
                    + " a plain-text password goes after 'insecure-password')";
        }
        return "unsupported password hash: " + scheme;
    }

    /** The userlists, with group membership from both sides; unknown users and groups are errors. */
    Map<String, Userlist> build(Sink errors) {
        Map<String, Userlist> built = new LinkedHashMap<>();
        for (PendingList list : lists.values()) {
            Map<String, Set<String>> members = new LinkedHashMap<>();
            list.groups.keySet().forEach(g -> members.put(g, new LinkedHashSet<>()));
            for (Map.Entry<Entry, List<String>> group : list.members) {
                for (String user : group.getValue()) {
                    if (list.users.containsKey(user)) {
                        members.get(group.getKey().name()).add(user);
                        list.users.get(user).groups.add(group.getKey().name());
                    } else {
                        errors.add(group.getKey().line(), "group '" + group.getKey().name() + "' in userlist '"
                                + list.name + "': no user named '" + user + "'" + among("users", list.users.keySet()));
                    }
                }
            }
            Map<String, User> users = new LinkedHashMap<>();
            for (PendingUser user : list.users.values()) {
                for (String group : user.groups) {
                    if (members.containsKey(group)) {
                        members.get(group).add(user.name);
                    } else {
                        errors.add(user.line, "user '" + user.name + "' in userlist '" + list.name
                                + "': no group named '" + group + "'" + among("groups", list.groups.keySet()));
                    }
                }
                Set<String> known = new LinkedHashSet<>(user.groups);
                known.retainAll(members.keySet());
                users.put(user.name, new User(user.name, user.password, known, user.line));
            }
            Map<String, Group> groups = new LinkedHashMap<>();
            members.forEach((name, names) -> groups.put(name, new Group(name, names, list.groups.get(name))));
            built.put(list.name, new Userlist(list.name, list.line, users, groups));
        }
        return built;
    }

    /** The names there are, for a message about one that is not among them. */
    static String among(String what, Set<String> names) {
        return names.isEmpty() ? " (it has no " + what + ")" : " (" + what + ": " + String.join(", ", names) + ")";
    }
}
