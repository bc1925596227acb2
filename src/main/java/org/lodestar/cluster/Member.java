package org.lodestar.cluster;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.lodestar.state.SharedRecord;

/**
 * One live instance of a cluster as it describes itself in its ephemeral node: what the stats page lists. Stored
 * as {@code key=value} lines, the servers' states as {@code health.BACKEND/SERVER=UP}.
 *
 * @param address     where it was last reached ({@code host:port}), or its host name before its first request
 * @param configHash  SHA-256 of its configuration file's content, hex
 * @param requestRate requests per second over its frontends, now
 * @param health      what its own health checks say of each server ({@code UP}, {@code DOWN}, {@code MAINT}...),
 *                    by {@code BACKEND/SERVER}
 */
public record Member(String id, String address, String version, Instant started, String configFile,
                     String configHash, long requestRate, Map<String, String> health) {
    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(started, "started");
        health = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(health));
    }

    public byte[] encode() {
        Properties p = new Properties();
        p.setProperty("id", id);
        p.setProperty("address", address);
        p.setProperty("version", version);
        p.setProperty("started", started.toString());
        p.setProperty("config", configFile);
        p.setProperty("configHash", configHash);
        p.setProperty("requestRate", Long.toString(requestRate));
        health.forEach((server, state) -> p.setProperty("health." + server, state));
        StringBuilder text = new StringBuilder();
        // Sorted, without Properties.store's date comment: the same state gives the same bytes.
        new TreeMap<>(p).forEach((k, v) -> text.append(SharedRecord.escape(k.toString())).append('=')
                .append(SharedRecord.escape(v.toString()))
                .append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException for a node written by something else */
    public static Member decode(byte[] data) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(data, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("unreadable member: " + e.getMessage());
        }
        Map<String, String> health = new TreeMap<>();
        p.stringPropertyNames().stream().filter(k -> k.startsWith("health."))
                .forEach(k -> health.put(k.substring("health.".length()), p.getProperty(k)));
        Instant started;
        try {
            started = Instant.parse(p.getProperty("started", ""));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("start time '" + p.getProperty("started") + "' is not an instant");
        }
        long rate;
        try {
            rate = Long.parseLong(p.getProperty("requestRate", "0"));
        } catch (NumberFormatException e) {
            rate = 0;
        }
        String id = p.getProperty("id");
        if (id == null) {
            throw new IllegalArgumentException("no id");
        }
        return new Member(id, p.getProperty("address", "?"), p.getProperty("version", "?"), started,
                p.getProperty("config", "?"), p.getProperty("configHash", ""), rate, health);
    }
}
