package org.lodestar.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lodestar.config.Server;
import org.lodestar.server.AdminMode;
import org.lodestar.server.ServerKey;

/**
 * The settings in a text file, in the spirit of HAProxy's {@code server-state-file}: a version line, then
 * one line per server, {@code BACKEND SERVER MODE WEIGHT CHECKS} ({@code CHECKS} is {@code enabled} or
 * {@code disabled}); {@code #} starts a comment. Names cannot hold blanks (the configuration forbids
 * them), so words are separated by one space.
 *
 * <p>Saving writes a temporary file beside the target, forces it to disk and moves it over the target
 * atomically, so a crash leaves the old file or the new one, never half of one. Reading never fails: an
 * unreadable file, an unknown version or a bad line becomes a warning naming the file and line, and the
 * lines that can be read are used.
 */
public final class FileStateStore implements StateStore {
    static final String VERSION = "1";

    private final Path file;

    public FileStateStore(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public Loaded load() {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException firstStart) {
            return new Loaded(List.of(), List.of());
        } catch (CharacterCodingException e) {
            return ignored("it is not UTF-8 text");
        } catch (IOException e) {
            return ignored("it cannot be read (" + e + ")");
        }
        List<String> warnings = new ArrayList<>();
        Map<ServerKey, ServerSettings> settings = new LinkedHashMap<>();
        boolean versionSeen = false;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!versionSeen) {
                if (!line.equals(VERSION)) {
                    return ignored("version '" + line + "' at line " + (i + 1) + " is not " + VERSION);
                }
                versionSeen = true;
                continue;
            }
            try {
                ServerSettings parsed = parse(line);
                if (settings.put(parsed.server(), parsed) != null) {
                    warnings.add(at(i + 1) + "server " + name(parsed.server()) + " listed again; the last line counts");
                }
            } catch (IllegalArgumentException e) {
                warnings.add(at(i + 1) + e.getMessage() + "; line ignored");
            }
        }
        if (!versionSeen) {
            return ignored("it is empty (no version line)");
        }
        return new Loaded(List.copyOf(settings.values()), warnings);
    }

    private Loaded ignored(String why) {
        return new Loaded(List.of(), List.of("state file " + file + " ignored: " + why));
    }

    private String at(int line) {
        return file + ":" + line + ": ";
    }

    private static ServerSettings parse(String line) {
        String[] words = line.split("\\s+");
        if (words.length != 5) {
            throw new IllegalArgumentException("expected 'BACKEND SERVER MODE WEIGHT CHECKS', found " + words.length
                    + " word(s)");
        }
        AdminMode mode;
        try {
            mode = AdminMode.valueOf(words[2].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown mode '" + words[2] + "' (READY, DRAIN or MAINT)");
        }
        int weight;
        try {
            weight = Integer.parseInt(words[3]);
        } catch (NumberFormatException e) {
            weight = -1;
        }
        if (weight < 0 || weight > Server.MAX_WEIGHT) {
            throw new IllegalArgumentException("weight '" + words[3] + "' is not 0.." + Server.MAX_WEIGHT);
        }
        boolean checks = switch (words[4]) {
            case "enabled" -> true;
            case "disabled" -> false;
            default -> throw new IllegalArgumentException("checks '" + words[4] + "' is not enabled or disabled");
        };
        return new ServerSettings(new ServerKey(words[0], words[1]), mode, weight, checks);
    }

    @Override
    public void save(List<ServerSettings> settings) throws IOException {
        StringBuilder text = new StringBuilder("# Lodestar server state: administrators' settings that differ from"
                + " the configuration.\n# Written by Lodestar on every change; see server-state-file in"
                + " docs/configuration.md.\n" + VERSION + "\n# backend server mode weight checks\n");
        for (ServerSettings s : settings) {
            text.append(s.server().backend()).append(' ').append(s.server().server()).append(' ')
                    .append(s.mode()).append(' ').append(s.weight()).append(' ')
                    .append(s.checksEnabled() ? "enabled" : "disabled").append('\n');
        }
        Path directory = file.getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String name(ServerKey key) {
        return key.backend() + "/" + key.server();
    }
}
