package org.lodestar.server;

/** A server by backend and name. */
public record ServerKey(String backend, String server) {
}
