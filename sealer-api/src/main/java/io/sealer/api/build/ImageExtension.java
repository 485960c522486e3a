package io.sealer.api.build;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code sealer.image.extension} annotation of a ClusterImage: how it was built, its
 * applications, its global env and what to launch. Sealer and we read it to run the image.
 *
 * @param buildClient the tool that built the image
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param type {@link #KUBE_INSTALLER} or {@link #APP_INSTALLER} ("" if unknown)
 * @param applications the applications, in declaration order
 * @param labels the image labels; filled only by inspect, never written by a build
 * @param env the global env of {@code ENV} instructions
 * @param launch what to launch on master0
 */
public record ImageExtension(
    BuildClient buildClient,
    String schemaVersion,
    String type,
    List<ImageApplication> applications,
    Map<String, String> labels,
    Map<String, String> env,
    Launch launch) {

  /** The manifest annotation holding this extension as JSON. */
  public static final String ANNOTATION = "sealer.image.extension";

  /** The manifest annotation holding the cached container images as JSON. */
  public static final String CONTAINER_IMAGES_ANNOTATION = "sealer.image.container.images";

  /** The schema version Sealer v0.9+ writes. */
  public static final String SCHEMA_VERSION = "v1alpha1";

  /** Image type of a cluster (base) image, the default of {@code --type}. */
  public static final String KUBE_INSTALLER = "kube-installer";

  /** Image type of an application image. */
  public static final String APP_INSTALLER = "app-installer";

  /** Validates and copies the parts. */
  public ImageExtension {
    Objects.requireNonNull(buildClient, "buildClient");
    Objects.requireNonNull(schemaVersion, "schemaVersion");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(launch, "launch");
    applications = List.copyOf(applications);
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
  }

  /** An extension of the given type with no applications, env or launch. */
  public static ImageExtension of(BuildClient buildClient, String type) {
    return new ImageExtension(
        buildClient, SCHEMA_VERSION, type, List.of(), Map.of(), Map.of(), Launch.NONE);
  }

  /** A copy with other applications. */
  public ImageExtension withApplications(List<ImageApplication> newApplications) {
    return new ImageExtension(
        buildClient, schemaVersion, type, newApplications, labels, env, launch);
  }

  /** A copy with other labels. */
  public ImageExtension withLabels(Map<String, String> newLabels) {
    return new ImageExtension(
        buildClient, schemaVersion, type, applications, newLabels, env, launch);
  }

  /** A copy with another global env. */
  public ImageExtension withEnv(Map<String, String> newEnv) {
    return new ImageExtension(
        buildClient, schemaVersion, type, applications, labels, newEnv, launch);
  }

  /** A copy with another launch spec. */
  public ImageExtension withLaunch(Launch newLaunch) {
    return new ImageExtension(
        buildClient, schemaVersion, type, applications, labels, env, newLaunch);
  }

  /** The application of that name. */
  public Optional<ImageApplication> application(String name) {
    return applications.stream().filter(a -> a.name().equals(name)).findFirst();
  }
}
