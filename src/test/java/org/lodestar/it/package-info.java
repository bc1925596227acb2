/**
 * Integration tests: each {@code *IT} deploys the WAR on a managed Payara Micro through Arquillian ({@link
 * org.lodestar.it.Deployments}) against real HTTP backends on 127.0.0.1 ({@link org.lodestar.it.TestBackend},
 * {@link org.lodestar.it.RawBackend}); {@code deploy} runs the smoke suite on Payara Server, WildFly and
 * Tomcat, {@code spark} runs real Spark masters. Run by failsafe ({@code mvn verify}), never by the unit
 * test run.
 *
 * <p>Must not: send traffic anywhere but loopback, sleep instead of awaiting a bounded condition, or
 * assert timings beyond generous bounds (the benchmark measures performance).
 */
package org.lodestar.it;
