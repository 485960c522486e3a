/**
 * Machines that Sealer works on, as the rest of Sealer sees them: a {@link
 * io.sealer.api.host.RemoteHost} runs commands (with env and stdin, output streamed) and receives
 * files, whether it is reached over SSH or is this machine itself. {@link
 * io.sealer.api.host.HostConnector} opens one from a {@link io.sealer.api.host.HostAccess}. Every
 * failure is a {@link io.sealer.api.host.HostException} naming the host.
 */
@NullMarked
package io.sealer.api.host;

import org.jspecify.annotations.NullMarked;
