/**
 * Hosts reached over SSH (JSch) or, for this machine's own addresses, run directly: the {@link
 * io.sealer.api.host.HostConnector} of sealer-runtime. {@link
 * io.sealer.runtime.host.HostConnectors} creates one without Guice, {@link
 * io.sealer.runtime.host.HostModule} binds it, and {@link io.sealer.runtime.host.HostSettings}
 * holds its options (known-hosts files, host-key checking, timeouts, retries). See docs/hosts.md.
 */
@NullMarked
package io.sealer.runtime.host;

import org.jspecify.annotations.NullMarked;
