package org.lodestar.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Only the Grizzly binding may use Grizzly: lodestar.war also runs on WildFly, where a class that refers to
 * Grizzly fails to load, and lodestar-tomcat.war leaves the binding out.
 */
class ConnectorIsolationTest {
    private static final Path CLASSES = Path.of("target/classes/org/lodestar");
    private static final String GRIZZLY = "org/glassfish/grizzly/";

    @Test
    void onlyTheGrizzlyBindingRefersToGrizzly() throws IOException {
        List<Path> offenders;
        try (Stream<Path> classes = Files.walk(CLASSES)) {
            offenders = classes.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> !CLASSES.relativize(p).startsWith(Path.of("web", "grizzly")))
                    .filter(ConnectorIsolationTest::refersToGrizzly).toList();
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void theGrizzlyBindingIsCompiledAndRegistered() throws IOException {
        assertTrue(refersToGrizzly(CLASSES.resolve("web/grizzly/GrizzlyBinding.class")));
        assertEquals("org.lodestar.web.grizzly.GrizzlyBinding", Files.readString(
                Path.of("target/classes/META-INF/services/" + ConnectorBinding.class.getName())).trim());
    }

    /** Class names in a class file's constant pool are plain modified UTF-8. */
    private static boolean refersToGrizzly(Path classFile) {
        try {
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains(GRIZZLY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
