/**
 * lvscare in Java: the virtual server for the apiserver VIP, health probes of the masters, the care
 * loop and the static-pod manifests. Arrives with the Run milestone.
 */
@NullMarked
package io.sealer.ipvs;

import org.jspecify.annotations.NullMarked;
