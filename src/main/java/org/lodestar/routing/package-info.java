/**
 * Where a request goes: {@link org.lodestar.routing.Router} offers it to the frontends in file order
 * (ACLs, {@code use_backend}, {@code default_backend}) and applies the chosen backend's rewrites; {@link
 * org.lodestar.routing.RequestScreen} refuses requests no proxy should pass on. Requests are seen through
 * {@link org.lodestar.routing.RequestView}, plain values.
 *
 * <p>Must not: import anything but {@code config} among Lodestar's packages, nor any {@code jakarta.*} API
 * (the servlet adapts its request to {@code RequestView}). See docs/architecture.md.
 */
package org.lodestar.routing;
