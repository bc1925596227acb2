package org.lodestar.it.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/** Running a server's scripts and stopping what they started, by PID, whatever happened before. */
final class ServerProcess {
    private ServerProcess() {
    }

    /** Runs a command to its end (bounded), its output appended to {@code log}; fails on a non-zero exit. */
    static void run(List<String> command, Map<String, String> env, Path log, Duration limit)
            throws IOException, InterruptedException {
        Process process = start(command, env, log);
        try {
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException(String.join(" ", command) + " still running after " + limit
                        + ", see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + ":\n" + tail(log));
            }
        } finally {
            kill(process.toHandle());
        }
    }

    /** Starts a command in the background, its output appended to {@code log}. */
    static Process start(List<String> command, Map<String, String> env, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Ends a process and everything it started, by PID: asked first, forced after a few seconds. */
    static void kill(ProcessHandle process) {
        List<ProcessHandle> all = new java.util.ArrayList<>(process.descendants().toList());
        all.add(process);
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception stillRunning) {
                handle.destroyForcibly();
            }
        }
    }

    /** The process whose PID a server wrote to {@code pidFile}, if it is still running. */
    static Optional<ProcessHandle> fromPidFile(Path pidFile) {
        try {
            return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()));
        } catch (IOException | NumberFormatException none) {
            return Optional.empty();
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** Polls {@code condition} until it holds or {@code limit} passes. */
    static boolean await(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(250);
        }
        return condition.getAsBoolean();
    }

    /**
     * A base in [20000, 50000) such that base + every offset is free on loopback now: servers that derive
     * their ports from one base (Payara's portbase, WildFly's port offset) need a whole free range.
     */
    static int freeBase(int... offsets) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(200, 500) * 100;
            if (IntStream.of(offsets).allMatch(offset -> isFree(base + offset))) {
                return base;
            }
        }
        throw new IllegalStateException("no free port range found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
