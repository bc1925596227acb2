package org.lodestar.it;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The Payara Micro that Arquillian started for this test class: a child process of the test JVM. */
final class ManagedServer {
    private ManagedServer() {
    }

    static ProcessHandle process() {
        List<ProcessHandle> servers = ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("payara-micro"))
                .toList();
        if (servers.size() != 1) {
            throw new IllegalStateException("expected one Payara Micro started by this JVM, found " + servers.size());
        }
        return servers.get(0);
    }

    /**
     * Stops the whole server process (SIGSTOP) for {@code duration}, then lets it go on (SIGCONT): every
     * timer and thread of it is held up that long, as on an overloaded machine.
     */
    static void pause(Duration duration) throws IOException, InterruptedException {
        String pid = String.valueOf(process().pid());
        signal("-STOP", pid);
        try {
            Thread.sleep(duration.toMillis());
        } finally {
            signal("-CONT", pid);
        }
    }

    private static void signal(String signal, String pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, pid).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill " + signal + " " + pid + " failed");
        }
    }
}
