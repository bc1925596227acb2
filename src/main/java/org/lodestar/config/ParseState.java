package org.lodestar.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the keyword families see of the file being read: the line, the section it is in, and the settings that
 * section's keywords write, those of a proxy or those of a {@code defaults} section, which the proxies declared
 * after it inherit. {@link ConfigParser} moves it from section to section.
 */
final class ParseState {
    private final Diagnostics diagnostics;
    private final List<ConfigValidator.UserlistReference> references = new ArrayList<>();
    private int line;
    private Section section;
    private ProxySettings defaults = new ProxySettings();
    private ProxySection proxy;
    private String serverStateFile;
    private ClusterSettings cluster;

    ParseState(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    // ---------------------------------------------------------------- for the keyword families

    int line() {
        return line;
    }

    /** The section being read; null before the first one. */
    Section section() {
        return section;
    }

    /** The settings the line writes: the current proxy's, or in a defaults section the ones to be inherited. */
    ProxySettings settings() {
        return proxy != null ? proxy.settings : defaults;
    }

    /** The proxy being read; null in a defaults section, which keywords allowed only in proxies never see. */
    ProxySection proxy() {
        return proxy;
    }

    void warn(String message) {
        diagnostics.warn(line, message);
    }

    /** Refuses {@code kw} unless the current section is one of {@code where}, naming those that allow it. */
    void allowed(String kw, Set<Section> where) throws LineError {
        if (!where.contains(section)) {
            throw new LineError("'" + kw + "' is not allowed in '" + section.keyword() + "' section ("
                    + Section.list(where) + " only)");
        }
    }

    /** Remembers an {@code http_auth} or {@code http_auth_group} criterion, whose userlist is checked at the end. */
    void referenced(String context, Acl.Criterion criterion) {
        references.add(new ConfigValidator.UserlistReference(context, criterion));
    }

    void serverStateFile(String file) {
        serverStateFile = file;
    }

    /** The {@code lodestar-cluster} line; a second one is refused, naming the line of the first. */
    void cluster(ClusterSettings settings) throws LineError {
        if (cluster != null) {
            throw new LineError("'lodestar-cluster' given twice (first at line " + clusterLine + ")");
        }
        cluster = settings;
        clusterLine = line;
    }

    private int clusterLine;

    // ---------------------------------------------------------------- for the section state machine

    void line(int line) {
        this.line = line;
    }

    void error(String message) {
        diagnostics.error(line, message);
    }

    /** Starts a section other than a proxy: global, userlist, or defaults (then from scratch, as in HAProxy). */
    void enter(Section started) {
        section = started;
        proxy = null;
        if (started == Section.DEFAULTS) {
            defaults = new ProxySettings();
        }
    }

    /** Starts a frontend, backend or listen section, inheriting the current defaults. */
    ProxySection enterProxy(Section kind, String name) {
        section = kind;
        proxy = new ProxySection(kind, name, line, defaults);
        return proxy;
    }

    String serverStateFile() {
        return serverStateFile;
    }

    ClusterSettings cluster() {
        return cluster;
    }

    /** The {@code http_auth} criteria read, in file order. */
    List<ConfigValidator.UserlistReference> references() {
        return references;
    }
}
