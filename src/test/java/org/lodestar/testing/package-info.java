/**
 * What unit tests build configuration records from: {@link org.lodestar.testing.Fixtures} and its builders
 * ({@link org.lodestar.testing.ServerBuilder}, {@link org.lodestar.testing.BackendBuilder}, {@link
 * org.lodestar.testing.FrontendBuilder}), starting from the parser's defaults, so a record that gains a
 * field changes here only. Tests use these instead of the records' positional constructors.
 *
 * <p>Must not: depend on anything but {@code config}; start servers or sockets (integration tests have
 * their helpers in {@code org.lodestar.it}).
 */
package org.lodestar.testing;
