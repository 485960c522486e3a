/**
 * Where hosts come from: an {@link io.sealer.api.infra.InfraProvider} turns an {@link
 * io.sealer.api.infra.InfraRequest} into an {@link io.sealer.api.infra.InfraEnvironment} of {@link
 * io.sealer.api.infra.ProvisionedHost}s, each with the {@link io.sealer.api.host.HostAccess} that
 * logs in to it. Providers: {@code baremetal} (hosts the user already has, given by address) and
 * {@code local} (hosts made on this Linux machine).
 */
@NullMarked
package io.sealer.api.infra;

import org.jspecify.annotations.NullMarked;
