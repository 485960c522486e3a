package io.sealer.runtime;

import io.sealer.api.Platform;
import io.sealer.api.build.ImageExtension;
import io.sealer.api.cluster.Clusterfile;
import io.sealer.api.cluster.Plugin;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where a run gets its ClusterImage: pulled into the local store if missing, resolved for a host
 * platform, and extracted as the cluster's own copy in which the Clusterfile's Config documents are
 * written and {@code *.tmpl} files rendered, ready to be sent to the hosts. The copy is kept per
 * cluster and platform and used again while the image and everything written into it are the same,
 * so a re-run does not extract the image again.
 */
interface ClusterImages {

  /**
   * Prepares the image of {@code clusterfile} for one platform.
   *
   * @throws io.sealer.api.SealerException naming the image if it cannot be had, or the platforms it
   *     has when {@code platform} is not one of them
   */
  Prepared prepare(Clusterfile clusterfile, Platform platform);

  /** Removes what was kept for a cluster (after {@code delete -a}). */
  void forget(String cluster);

  /** An image ready to send; {@link #close()} removes the private copy. */
  interface Prepared extends AutoCloseable {
    /** The image id (config digest). */
    String imageId();

    /** The extension: env, applications, launch. */
    ImageExtension extension();

    /** The image labels (config labels). */
    Map<String, String> labels();

    /** The prepared rootfs. */
    Path rootfs();

    /** The Plugin documents of the image's {@code plugins/} directory, in file name order. */
    List<Plugin> plugins();

    /** Where the distribution may keep the digests of the rootfs's files between runs. */
    Path digestCache();

    /**
     * What identifies the prepared rootfs's content (the image, the rendered env, configs and
     * applications): the copy is never changed while it stays the same.
     */
    String contentKey();

    @Override
    void close();
  }
}
