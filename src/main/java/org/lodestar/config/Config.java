package org.lodestar.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed and validated configuration. Frontends keep the order of the file: a request is offered to
 * each in turn (see docs/configuration.md, "frontend"). A {@code listen} section appears both as a
 * frontend and as a backend of the same name.
 *
 * @param source   the file name used in diagnostics and shown on the dashboard
 * @param frontends frontends in file order
 * @param backends  backends by name, in file order
 * @param warnings  lines accepted but without effect inside an application server
 * @param serverStateFile the global {@code server-state-file}, as written (resolved by whoever stores the state)
 * @param userlists the {@code userlist} sections by name, in file order; they are not proxies
 * @param cluster   the global {@code lodestar-cluster}: absent, this instance runs alone
 */
public record Config(String source, List<Frontend> frontends, Map<String, Backend> backends, List<Diagnostic> warnings,
                     Optional<String> serverStateFile, Map<String, Userlist> userlists,
                     Optional<ClusterSettings> cluster) {
    public Config {
        java.util.Objects.requireNonNull(serverStateFile, "serverStateFile");
        java.util.Objects.requireNonNull(cluster, "cluster");
        frontends = List.copyOf(frontends);
        backends = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(backends));
        warnings = List.copyOf(warnings);
        userlists = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(userlists));
    }

    /** A configuration without a global {@code server-state-file} nor userlists. */
    public Config(String source, List<Frontend> frontends, Map<String, Backend> backends, List<Diagnostic> warnings) {
        this(source, frontends, backends, warnings, Optional.empty(), Map.of(), Optional.empty());
    }

    public Optional<Backend> backend(String name) {
        return Optional.ofNullable(backends.get(name));
    }
}
