/**
 * Infra providers that hand the runtime its hosts: {@code baremetal} (given IPs) and {@code local}
 * (hosts made on this Linux machine from namespaces, each with its own sshd; see docs/infra.md).
 * {@link io.sealer.infra.InfraProviders} makes them without Guice, {@link
 * io.sealer.infra.InfraModule} binds them by name.
 */
@NullMarked
package io.sealer.infra;

import org.jspecify.annotations.NullMarked;
