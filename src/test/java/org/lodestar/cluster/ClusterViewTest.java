package org.lodestar.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterViewTest {
    private static Member member(String id, String hash, Map<String, String> health) {
        return new Member(id, id + ":8080", "0.1.0", Instant.parse("2026-12-04T18:00:00Z"), "/etc/lodestar.cfg",
                hash, 12, health);
    }

    @Test
    void memberReadsBackAsWritten() {
        Member m = member("edge 1=x", "abc", Map.of("SRV/spark1", "UP", "SRV/spark2", "DOWN"));
        assertEquals(m, Member.decode(m.encode()));
    }

    @Test
    void membersWithAnotherConfigurationAreNamed() {
        Member self = member("a", "h1", Map.of());
        assertEquals(List.of("c"), ClusterView.differingConfig(self,
                List.of(self, member("b", "h1", Map.of()), member("c", "h2", Map.of()))));
    }

    @Test
    void disagreementsNameWhatEachInstanceSees() {
        List<Member> members = List.of(
                member("a", "h", Map.of("SRV/spark1", "UP", "SRV/spark2", "DOWN", "SRV/only-a", "UP")),
                member("b", "h", Map.of("SRV/spark1", "DOWN", "SRV/spark2", "DOWN")));
        Map<String, Map<String, String>> expected = new LinkedHashMap<>();
        expected.put("SRV/spark1", Map.of("a", "UP", "b", "DOWN"));
        Map<String, Map<String, String>> found = ClusterView.disagreements(members);
        assertEquals(expected, found);
        assertEquals("SRV/spark1: UP on a, DOWN on b", ClusterView.describe("SRV/spark1", found.get("SRV/spark1")));
    }
}
