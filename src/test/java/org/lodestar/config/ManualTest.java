package org.lodestar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md against the parser: every keyword the parser knows is documented, and each keyword of
 * section 5 is allowed exactly in the sections its "Sections:" line names.
 */
class ManualTest {
    private static final String MANUAL = read();
    /** Section 5 entries that are ACL criteria, written after {@code acl <name>}, not keywords starting a line. */
    private static final Set<String> CRITERIA = Set.of("http_auth", "http_auth_group");

    private static String read() {
        try {
            return Files.readString(Path.of("docs/configuration.md"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyKeywordTheParserKnowsIsInTheManual() {
        Set<String> phrases = new TreeSet<>();
        Keywords.all().forEach(k -> phrases.add(k.name()));
        TimeoutKeywords.kinds().forEach(kind -> phrases.add("timeout " + kind));
        phrases.addAll(List.of("group", "user")); // read by UserlistParser
        for (Section s : Section.values()) {
            phrases.add(s.keyword());
        }
        List<String> missing = phrases.stream().filter(p -> !MANUAL.contains("\n### " + p + "\n")
                && !MANUAL.contains("`" + p + "`") && !MANUAL.contains("`" + p + " ")).toList();
        assertEquals(List.of(), missing);
    }

    @Test
    void everyServerOptionIsInTheServerTable() {
        String table = MANUAL.substring(MANUAL.indexOf("\n### server\n"), MANUAL.indexOf("\n### server-state-file\n"));
        List<String> missing = ServerOptions.NAMES.stream().filter(o -> !table.contains("`" + o + "`")
                && !table.contains("`" + o + " ")).toList();
        assertEquals(List.of(), missing);
    }

    @Test
    void eachKeywordIsAllowedWhereItsSectionsLineSaysAndRefusedElsewhere() throws ConfigException {
        List<String> wrong = new ArrayList<>();
        Set<String> skipped = new TreeSet<>();
        String[] entries = MANUAL.substring(MANUAL.indexOf("\n## 5. Keywords"), MANUAL.indexOf("\n## 6. "))
                .split("\n### ");
        for (String entry : List.of(entries).subList(1, entries.length)) {
            String phrase = entry.substring(0, entry.indexOf('\n'));
            Set<Section> documented = sections(entry);
            if (documented == null || CRITERIA.contains(phrase)) {
                skipped.add(phrase);
                continue;
            }
            Set<Section> ignored = ignoredIn(entry);
            for (Section s : Section.values()) {
                Verdict verdict = verdict(s, phrase);
                boolean ok = documented.contains(s) ? verdict == Verdict.TAKEN
                        : ignored.contains(s) ? verdict != Verdict.REFUSED
                        : verdict == Verdict.REFUSED || verdict == Verdict.IGNORED;
                if (!ok) {
                    wrong.add("'" + phrase + "' in " + s.keyword() + ": " + verdict + ", manual says "
                            + Section.list(documented));
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(new TreeSet<>(Set.of("http_auth", "http_auth_group", "no option", "userlist")), skipped,
                "the entries of section 5 without a list of sections to check");
    }

    /** The sections an entry's "Sections:" line lists, before any parenthesis; null if it lists none. */
    private static Set<Section> sections(String entry) {
        int at = entry.indexOf("\nSections: ");
        if (at < 0) {
            return null;
        }
        String line = entry.substring(at + "\nSections: ".length(), entry.indexOf('\n', at + 1));
        line = line.replaceAll(" ?\\(.*", "").replaceAll("\\.$", "");
        Set<Section> sections = EnumSet.noneOf(Section.class);
        for (String name : line.split(", ")) {
            Section s = Section.startedBy(name).orElse(null);
            if (s == null) {
                return null; // "as the option", "starts a section"
            }
            sections.add(s);
        }
        return sections;
    }

    /** The sections where the "Sections:" line says the keyword is accepted without effect: "(in `global`: ignored". */
    private static Set<Section> ignoredIn(String entry) {
        Set<Section> sections = EnumSet.noneOf(Section.class);
        Matcher m = Pattern.compile("in `(\\w+)`: ignored").matcher(entry.substring(entry.indexOf("\nSections: "),
                entry.indexOf('\n', entry.indexOf("\nSections: ") + 1)));
        while (m.find()) {
            sections.add(Section.startedBy(m.group(1)).orElseThrow());
        }
        return sections;
    }

    private enum Verdict {
        /** Read as the keyword: no error, or an error about its arguments. */
        TAKEN,
        /** Refused as unknown or not allowed in the section. */
        REFUSED,
        /** Accepted with a warning that it is ignored (another keyword of that name in section 6). */
        IGNORED
    }

    /** What the parser makes of the keyword alone on a line of section {@code s}. */
    private static Verdict verdict(Section s, String phrase) throws ConfigException {
        String header = switch (s) {
            case GLOBAL, DEFAULTS -> s.keyword();
            default -> s.keyword() + " X";
        };
        String text = header + "\n  " + phrase + "\n";
        List<Diagnostic> findings;
        try {
            findings = Cfg.parse(text).warnings();
        } catch (ConfigException e) {
            findings = e.errors();
        }
        List<String> line = findings.stream().filter(d -> d.line() == 2).map(Diagnostic::message).toList();
        if (line.stream().anyMatch(m -> m.contains("is not allowed in '") || m.startsWith("unknown keyword '")
                || m.contains("is only allowed in 'global' section") || m.contains("is not supported in 'global'"))) {
            return Verdict.REFUSED;
        }
        if (line.stream().anyMatch(m -> m.startsWith("'" + phrase + "' ignored: "))) {
            return Verdict.IGNORED;
        }
        return Verdict.TAKEN;
    }
}
