package org.lodestar.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the stats page says of the cluster, from the members' own descriptions: whose configuration differs from
 * this instance's, and where instances disagree about a server's health.
 */
public final class ClusterView {
    private ClusterView() {
    }

    /** The ids of the members whose configuration content differs from {@code self}'s. */
    public static List<String> differingConfig(Member self, List<Member> members) {
        return members.stream().filter(m -> !m.configHash().equals(self.configHash())).map(Member::id).toList();
    }

    /**
     * Each server on which the members do not all see the same state, with what each says: {@code SRV/spark1 →
     * {edge-1=UP, edge-2=DOWN}}. Servers that only some members have (differing configurations) are left out.
     */
    public static Map<String, Map<String, String>> disagreements(List<Member> members) {
        Map<String, Map<String, String>> seen = new TreeMap<>();
        for (Member member : members) {
            member.health().forEach((server, state) ->
                    seen.computeIfAbsent(server, s -> new LinkedHashMap<>()).put(member.id(), state));
        }
        Map<String, Map<String, String>> differing = new LinkedHashMap<>();
        seen.forEach((server, states) -> {
            if (states.size() == members.size() && states.values().stream().distinct().count() > 1) {
                differing.put(server, states);
            }
        });
        return differing;
    }

    /** The line the page shows for a disagreement: {@code SRV/spark1: UP on edge-1, DOWN on edge-2}. */
    public static String describe(String server, Map<String, String> states) {
        List<String> parts = new ArrayList<>();
        states.forEach((id, state) -> parts.add(state + " on " + id));
        return server + ": " + String.join(", ", parts);
    }
}
