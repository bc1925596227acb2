package org.lodestar.upstream;

/** Told of each server connection closed because bytes arrived on it that no request asked for. */
@FunctionalInterface
public interface UnsolicitedBytesListener {
    /**
     * @param owner the {@link UpstreamRequest#owner} of the last exchange on the connection
     * @param bytes how many bytes were waiting (at least)
     * @param idle whether they came while the connection was idle in the pool, rather than right after an answer
     */
    void closed(Object owner, int bytes, boolean idle);
}
