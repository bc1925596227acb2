package org.lodestar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.lodestar.config.Acl.Criterion;
import org.lodestar.config.Acl.Fetch;
import org.lodestar.config.Acl.Match;

class AclConditionTest {
    private static Condition rule(String... lines) throws ConfigException {
        return Cfg.parse(Cfg.frontend(lines)).frontends().get(0).switchRules().get(0).condition();
    }

    private static Criterion criterion(String acl) throws ConfigException {
        return rule("  acl a " + acl, "  use_backend B1 if a").alternatives().get(0).get(0).acl().criteria().get(0);
    }

    @Test
    void pathCriteriaMapToFetchAndMatch() throws ConfigException {
        assertEquals(Match.EXACT, criterion("path /x").match());
        assertEquals(Match.BEG, criterion("path_beg /x").match());
        assertEquals(Match.DIR, criterion("path_dir x").match());
        assertEquals(Match.END, criterion("path_end .css").match());
        assertEquals(Match.REG, criterion("path_reg ^/x").match());
        assertEquals(Match.SUB, criterion("path_sub x").match());
        assertEquals(Fetch.PATH, criterion("path_sub x").fetch());
        assertNull(criterion("path_sub x").argument());
    }

    @Test
    void headerCriteriaStoreTheLowerCasedHeaderName() throws ConfigException {
        Criterion c = criterion("hdr_dom(Host) example.com");
        assertEquals(Fetch.HEADER, c.fetch());
        assertEquals("host", c.argument());
        assertEquals(Match.DOM, c.match());
        assertEquals(Match.EXACT, criterion("hdr(X-A) v").match());
        assertEquals(Match.BEG, criterion("hdr_beg(X-A) v").match());
        assertEquals(Match.END, criterion("hdr_end(X-A) v").match());
        assertEquals(Match.REG, criterion("hdr_reg(X-A) v").match());
        assertEquals(Match.SUB, criterion("hdr_sub(X-A) v").match());
        assertEquals(Match.DIR, criterion("hdr_dir(X-A) v").match());
    }

    @Test
    void severalPatternsOnOneLineAreKept() throws ConfigException {
        Criterion c = criterion("path_beg /a /b /c");
        assertEquals(List.of("/a", "/b", "/c"), c.patterns());
        assertEquals(6, c.line());
    }

    @Test
    void ignoreCaseFlagMakesRegexesCaseInsensitive() throws ConfigException {
        Criterion c = criterion("path_reg -i ^/SPARK");
        assertTrue(c.ignoreCase());
        assertTrue(c.regexes().get(0).matcher("/spark/x").find());
        assertFalse(criterion("path_reg ^/SPARK").regexes().get(0).matcher("/spark/x").find());
    }

    @Test
    void doubleDashEndsFlagsSoPatternsMayStartWithDash() throws ConfigException {
        Criterion c = criterion("path_sub -i -- -x");
        assertTrue(c.ignoreCase());
        assertEquals(List.of("-x"), c.patterns());
    }

    @Test
    void matchMethodFlagOverridesTheSuffix() throws ConfigException {
        assertEquals(Match.BEG, criterion("path -m beg /x").match());
    }

    @Test
    void regexDotDoesNotMatchNewline() throws ConfigException {
        assertFalse(criterion("hdr_reg(x) ^a.b$").regexes().get(0).matcher("a\nb").find());
    }

    @Test
    void redeclaredAclAddsAlternativeCriteriaEvenForEarlierUses() throws ConfigException {
        Acl a = rule("  acl a path_beg /x", "  use_backend B1 if a", "  acl a path_beg /y")
                .alternatives().get(0).get(0).acl();
        assertEquals(2, a.criteria().size());
        assertEquals(List.of("/y"), a.criteria().get(1).patterns());
    }

    @Test
    void adjacentTermsAreAndedAndOrSeparatesAlternatives() throws ConfigException {
        Condition c = rule("  acl a path_beg /a", "  acl b path_beg /b", "  acl c path_beg /c",
                "  use_backend B1 if a !b or c || !a");
        assertFalse(c.unless());
        assertEquals(3, c.alternatives().size());
        List<Condition.Term> first = c.alternatives().get(0);
        assertEquals(List.of("a", "b"), first.stream().map(t -> t.acl().name()).toList());
        assertEquals(List.of(false, true), first.stream().map(Condition.Term::negated).toList());
        assertTrue(c.alternatives().get(2).get(0).negated());
    }

    @Test
    void unlessIsRecorded() throws ConfigException {
        assertTrue(rule("  acl a path /a", "  use_backend B1 unless a").unless());
    }

    @Test
    void anonymousAclsInBracesNeedNoDeclaration() throws ConfigException {
        Condition c = rule("  use_backend B1 if { path_beg /x } !{ hdr(host) -i a.com }");
        List<Condition.Term> terms = c.alternatives().get(0);
        assertEquals(Match.BEG, terms.get(0).acl().criteria().get(0).match());
        assertTrue(terms.get(1).negated());
        assertEquals("host", terms.get(1).acl().criteria().get(0).argument());
    }

    @Test
    void predefinedAclsNeedNoDeclaration() throws ConfigException {
        Condition c = rule("  use_backend B1 if TRUE LOCALHOST or FALSE or !FALSE");
        Condition.Term t = c.alternatives().get(0).get(0);
        assertEquals(Fetch.ALWAYS, t.acl().criteria().get(0).fetch());
        assertEquals(Match.NONE, t.acl().criteria().get(0).match());
        assertFalse(t.negated());
        assertEquals(Fetch.SRC_LOOPBACK, c.alternatives().get(0).get(1).acl().criteria().get(0).fetch());
        Condition.Term falseTerm = c.alternatives().get(1).get(0);
        assertEquals("FALSE", falseTerm.acl().name());
        assertEquals(Fetch.ALWAYS, falseTerm.acl().criteria().get(0).fetch());
        assertTrue(falseTerm.negated(), "FALSE is ALWAYS negated");
        assertFalse(c.alternatives().get(2).get(0).negated(), "!FALSE is ALWAYS");
    }

    @Test
    void useBackendWithoutConditionAlwaysApplies() throws ConfigException {
        Condition c = rule("  use_backend B1");
        assertSame(AclParser.TRUE, c.alternatives().get(0).get(0).acl());
        assertFalse(c.alternatives().get(0).get(0).negated());
        assertFalse(c.unless());
    }

    @Test
    void useBackendAndDefaultBackendAreRecordedInOrder() throws ConfigException {
        Frontend f = Cfg.parse(Cfg.frontend("  use_backend B2 if TRUE", "  use_backend B1", "  default_backend B2"))
                .frontends().get(0);
        assertEquals(List.of("B2", "B1"), f.switchRules().stream().map(SwitchRule::backend).toList());
        assertEquals(List.of(6, 7), f.switchRules().stream().map(SwitchRule::line).toList());
        assertEquals(Optional.of("B2"), f.defaultBackend());
    }

    @Test
    void aclErrorsNameTheAclAndTheProblem() {
        assertEquals(List.of(
                "t.cfg:6: 'acl spark': invalid regex '/spark/(': Unclosed group near index 8",
                "t.cfg:7: 'acl h': criterion 'hdr' needs a header name, as in 'hdr(host)'",
                "t.cfg:8: 'acl e': criterion 'path_beg' needs at least one pattern",
                "t.cfg:9: 'acl u': unknown criterion 'url_beg' (supported: " + AclParser.SUPPORTED + ")",
                "t.cfg:10: 'acl f': unsupported flag '-f' (supported: -i, -m, --)"),
                Cfg.errors(Cfg.frontend("  acl spark path_reg /spark/(", "  acl h hdr x", "  acl e path_beg -i",
                        "  acl u url_beg /", "  acl f path -f file", "  default_backend B1")));
    }

    @Test
    void conditionErrorsNameTheKeyword() {
        assertEquals(List.of(
                "t.cfg:6: 'use_backend': unknown ACL 'nope' (declare it with 'acl' earlier in this section;"
                        + " predefined: TRUE, FALSE, LOCALHOST)",
                "t.cfg:7: 'use_backend': missing condition after 'if'",
                "t.cfg:8: 'use_backend': expected 'if' or 'unless', got 'when'",
                "t.cfg:9: 'use_backend': missing '}' closing the anonymous ACL",
                "t.cfg:10: 'use_backend': condition ends with 'or' instead of a term",
                "t.cfg:12: 'use_backend': unknown ACL 'late' (declare it with 'acl' earlier in this section;"
                        + " predefined: TRUE, FALSE, LOCALHOST)"),
                Cfg.errors(Cfg.frontend("  use_backend B1 if nope", "  use_backend B1 if", "  use_backend B1 when TRUE",
                        "  use_backend B1 if { path /x", "  use_backend B1 if TRUE or", "  default_backend B1",
                        "  use_backend B1 if late", "  acl late path /x")));
    }

    @Test
    void aclsDoNotCrossSections() {
        assertEquals(List.of("t.cfg:13: 'use_backend': unknown ACL 'a' (declare it with 'acl' earlier in this section;"
                + " predefined: TRUE, FALSE, LOCALHOST)"),
                Cfg.errors(Cfg.frontend("  acl a path /a", "  use_backend B1 if a") + "frontend G\n  use_backend B1 if a\n"));
    }

    @Test
    void aclsAreNotAllowedInDefaults() {
        assertEquals(List.of("t.cfg:2: 'acl' is not allowed in 'defaults' section (frontend, backend and listen only)"),
                Cfg.errors("defaults\n  acl a path /a\n"));
    }

    @Test
    void unknownBackendIsReportedAfterTheWholeFileIsRead() {
        assertEquals(List.of("t.cfg:6: 'use_backend': no backend named 'SRV_X' (backends: B1, B2)",
                "t.cfg:7: 'default_backend': no backend named 'NOPE' (backends: B1, B2)"),
                Cfg.errors(Cfg.frontend("  use_backend SRV_X if TRUE", "  default_backend NOPE")));
    }

    @Test
    void aclNamesAreChecked() {
        assertEquals(List.of(
                "t.cfg:6: 'acl': invalid ACL name 'a/b' (letters, digits, '-', '_' and '.' only)",
                "t.cfg:7: 'acl': invalid ACL name 'a:b' (letters, digits, '-', '_' and '.' only)"),
                Cfg.errors(Cfg.frontend("  acl a/b path /x", "  acl a:b path /x", "  default_backend B1")));
    }
}
