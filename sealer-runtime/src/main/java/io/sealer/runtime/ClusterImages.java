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
 * platform, and mounted as a private copy in which the Clusterfile's Config documents are written
 * and {@code *.tmpl} files rendered, ready to be sent to the hosts.
 */
interface ClusterImages {

  /**
   * Prepares the image of {@code clusterfile} for one platform.
   *
   * @throws io.sealer.api.SealerException naming the image if it cannot be had, or the platforms it
   *     has when {@code platform} is not one of them
   */
  Prepared prepare(Clusterfile clusterfile, Platform platform);

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

    @Override
    void close();
  }
}
