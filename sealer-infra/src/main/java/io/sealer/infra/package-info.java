/**
 * Infra providers that hand the runtime its hosts: baremetal (given IPs) and local (hosts made on
 * this Linux machine from network namespaces, each with its own sshd). Arrives with the Run
 * milestone.
 */
@NullMarked
package io.sealer.infra;

import org.jspecify.annotations.NullMarked;
