package org.lodestar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * server-config/spark-cluster.cfg, the whole-cluster snippet the README points at: it loads with no warning of its own,
 * and it is the reference configuration with lines added, none changed, so what the reference does still holds.
 */
class SparkClusterConfigTest {
    private static List<String> lines(String file) throws IOException {
        return Files.readAllLines(Path.of("server-config", file)).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    @Test
    void loadsWithNoWarningOfItsOwnAndTracksEachMasterFromItsRestServer() throws Exception {
        Config config = ConfigParser.parse(Path.of("server-config/spark-cluster.cfg"));
        assertEquals(messages(ConfigParser.parse(Path.of("server-config/lodestar.cfg"))), messages(config),
                "only the warnings the reference configuration has (ignored HAProxy-only keywords, reqrep)");
        List<Server> rest = config.backend("SRV_SPARK_REST").orElseThrow().servers();
        assertEquals(List.of(Optional.of(new Server.Tracked("SRV_SPARK", "spark1")),
                Optional.of(new Server.Tracked("SRV_SPARK", "spark2")),
                Optional.of(new Server.Tracked("SRV_SPARK", "spark3"))), rest.stream().map(Server::track).toList());
        assertEquals(Optional.of("Status:</strong> (\\w+)"),
                config.backend("SRV_SPARK").orElseThrow().healthCheck().report().map(p -> p.pattern()));
    }

    private static java.util.Set<String> messages(Config config) {
        return config.warnings().stream().map(Diagnostic::message).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void isTheReferenceConfigurationWithLinesAdded() throws IOException {
        List<String> reference = lines("lodestar.cfg");
        List<String> cluster = lines("spark-cluster.cfg");
        int at = 0;
        for (String line : reference) {
            while (at < cluster.size() && !cluster.get(at).equals(line)) {
                at++;
            }
            assertEquals(true, at < cluster.size(), "the reference line '" + line + "' is missing or out of order");
            at++;
        }
    }
}
