/**
 * ClusterImages: the local image store (OCI image layout plus a name index), the OCI distribution
 * registry client with credentials, save and load of archives, the image resolver (name or id plus
 * platform to one variant; inspect), mounts, and the Kubefile builder with its layer cache and
 * container-image caching into registry/.
 */
@NullMarked
package io.sealer.image;

import org.jspecify.annotations.NullMarked;
