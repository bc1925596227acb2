package org.lodestar.state;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import org.lodestar.config.Server;
import org.lodestar.server.AdminMode;
import org.lodestar.server.ServerKey;

/**
 * One server's settings as a cluster shares them, with the action that set them: who, on which instance, when,
 * what. Stored as a few {@code key=value} lines (readable with {@code zkCli.sh get}); the version is the store's.
 *
 * @param version the store's version of the record, {@link #ABSENT} for one not stored yet
 */
public record SharedRecord(ServerSettings settings, String user, String instance, Instant at, String what,
                           int version) {
    /** The version of a record that does not exist yet: a server no administrator has acted on. */
    public static final int ABSENT = -1;

    public SharedRecord {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(what, "what");
    }

    public ServerKey server() {
        return settings.server();
    }

    /** Who acted, where, as the timeline names them: {@code boss on edge-1}. */
    public String actor() {
        return user + " on " + instance;
    }

    public SharedRecord withVersion(int newVersion) {
        return new SharedRecord(settings, user, instance, at, what, newVersion);
    }

    public byte[] encode() {
        String text = "mode=" + settings.mode() + "\nweight=" + settings.weight() + "\nchecks="
                + (settings.checksEnabled() ? "enabled" : "disabled") + "\nuser=" + escape(user) + "\ninstance="
                + escape(instance) + "\nat=" + at + "\nwhat=" + escape(what) + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The record of {@code server} stored as {@code data} at {@code version}.
     *
     * @throws IllegalArgumentException naming what is wrong, for a record written by something else
     */
    public static SharedRecord decode(ServerKey server, byte[] data, int version) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(data, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("unreadable record: " + e.getMessage());
        }
        String modeName = required(p, "mode");
        AdminMode mode;
        try {
            mode = AdminMode.valueOf(modeName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mode '" + p.getProperty("mode") + "' is not READY, DRAIN or MAINT");
        }
        String weightText = required(p, "weight");
        int weight;
        try {
            weight = Integer.parseInt(weightText);
        } catch (NumberFormatException e) {
            weight = -1;
        }
        if (weight < 0 || weight > Server.MAX_WEIGHT) {
            throw new IllegalArgumentException("weight '" + p.getProperty("weight") + "' is not 0.." + Server.MAX_WEIGHT);
        }
        boolean checks = switch (required(p, "checks")) {
            case "enabled" -> true;
            case "disabled" -> false;
            default -> throw new IllegalArgumentException("checks '" + p.getProperty("checks")
                    + "' is not enabled or disabled");
        };
        String atText = required(p, "at");
        Instant at;
        try {
            at = Instant.parse(atText);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time '" + p.getProperty("at") + "' is not an ISO-8601 instant");
        }
        return new SharedRecord(new ServerSettings(server, mode, weight, checks), p.getProperty("user", "?"),
                p.getProperty("instance", "?"), at, p.getProperty("what", ""), version);
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("no '" + key + "'");
        }
        return value.strip();
    }

    /**
     * {@link Properties}' own escaping of a key or value written as {@code key=value}, for names and texts that hold
     * '=', ':', '\\' or line breaks (a value's inner blanks need no escaping).
     */
    public static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '=', ':', '#', '!' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
