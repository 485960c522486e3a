package io.sealer.image.resolve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.api.Digest;
import io.sealer.api.Platform;
import io.sealer.api.SealerException;
import io.sealer.api.build.BuildClient;
import io.sealer.api.build.ContainerImage;
import io.sealer.api.build.ImageExtension;
import io.sealer.api.build.Launch;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.MediaTypes;
import io.sealer.api.image.PlatformSelector;
import io.sealer.api.image.StoredImage;
import io.sealer.api.resolve.ImageResolver;
import io.sealer.api.resolve.ResolvedImage;
import io.sealer.image.build.ImageExtensionJson;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@link ImageResolver} over the local store: reads manifests and configs as JSON. */
final class StoreImageResolver implements ImageResolver {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ImageStore store;

  @Inject
  StoreImageResolver(ImageStore store) {
    this.store = store;
  }

  @Override
  public ResolvedImage resolve(String nameOrId, @Nullable Platform platform) throws IOException {
    return resolve(store.require(nameOrId), platform);
  }

  @Override
  public ResolvedImage resolve(StoredImage image, @Nullable Platform platform) throws IOException {
    String name = name(image);
    JsonNode top = readJson(image.manifest().digest(), name, "manifest");
    if (isIndex(top)) {
      List<Descriptor> entries = entries(top);
      Descriptor chosen =
          PlatformSelector.select(name, entries, platform != null ? platform : Platform.host());
      return variant(image, chosen, readJson(chosen.digest(), name, "manifest"));
    }
    ResolvedImage single = variant(image, image.manifest(), top);
    if (platform != null) {
      PlatformSelector.check(name, single.platform(), platform);
    }
    return single;
  }

  @Override
  public Map<Platform, ResolvedImage> resolveEach(String nameOrId, Collection<Platform> platforms)
      throws IOException {
    StoredImage image = store.require(nameOrId);
    Map<Platform, ResolvedImage> result = new LinkedHashMap<>();
    for (Platform platform : platforms) {
      if (!result.containsKey(platform)) {
        result.put(platform, resolve(image, platform));
      }
    }
    return Collections.unmodifiableMap(result);
  }

  @Override
  public List<ResolvedImage> resolveAll(StoredImage image) throws IOException {
    String name = name(image);
    JsonNode top = readJson(image.manifest().digest(), name, "manifest");
    if (!isIndex(top)) {
      return List.of(variant(image, image.manifest(), top));
    }
    List<ResolvedImage> result = new ArrayList<>();
    for (Descriptor entry : entries(top)) {
      if (store.hasBlob(entry.digest())) {
        result.add(variant(image, entry, readJson(entry.digest(), name, "manifest")));
      }
    }
    return result;
  }

  @Override
  public String inspect(ResolvedImage image) throws IOException {
    String name = image.displayName();
    return InspectJson.render(
        image,
        readJson(image.manifest().digest(), name, "manifest"),
        readJson(image.config().digest(), name, "config"));
  }

  private ResolvedImage variant(StoredImage image, Descriptor manifest, JsonNode json)
      throws IOException {
    String name = name(image);
    if (isIndex(json) || !json.path("config").isObject()) {
      throw new SealerException(
          "could not read image " + name + ": " + manifest.digest() + " is not an image manifest");
    }
    Descriptor config = descriptor(json.path("config"), name);
    return variant(image, manifest, json, config, readJson(config.digest(), name, "config"));
  }

  /** One variant from its manifest and config JSON. */
  static ResolvedImage variant(
      StoredImage image,
      Descriptor manifest,
      JsonNode json,
      Descriptor config,
      JsonNode configJson) {
    String name = name(image);
    List<Descriptor> layers = new ArrayList<>();
    for (JsonNode l : json.path("layers")) {
      layers.add(descriptor(l, name));
    }
    List<Digest> diffIds = new ArrayList<>();
    for (JsonNode d : configJson.path("rootfs").path("diff_ids")) {
      diffIds.add(parseDigest(d.asText(), name));
    }
    if (diffIds.size() != layers.size()) {
      throw new SealerException(
          "could not read image "
              + name
              + ": its config lists "
              + diffIds.size()
              + " diff ids for "
              + layers.size()
              + " layers");
    }
    Map<String, String> annotations = strings(json.path("annotations"));
    Map<String, String> labels = strings(configJson.path("config").path("Labels"));
    List<String> env = new ArrayList<>();
    configJson.path("config").path("Env").forEach(e -> env.add(e.asText()));
    String extension = annotations.get(ImageExtension.ANNOTATION);
    String images = annotations.get(ImageExtension.CONTAINER_IMAGES_ANNOTATION);
    ImageExtension ext =
        extension != null
            ? ImageExtensionJson.read(extension)
            : new ImageExtension(
                BuildClient.NONE, "", "", List.of(), Map.of(), Map.of(), Launch.NONE);
    List<ContainerImage> containerImages =
        images != null ? ImageExtensionJson.readContainerImages(images) : List.of();
    Platform platform = platform(configJson);
    return new ResolvedImage(
        image,
        manifest,
        platform != null ? platform : manifest.platform(),
        config,
        layers,
        diffIds,
        configJson.path("created").asText(""),
        env,
        labels,
        annotations,
        ext.withLabels(ImageExtensionJson.inspectLabels(labels)),
        containerImages);
  }

  private static boolean isIndex(JsonNode json) {
    return json.has("manifests") || MediaTypes.isIndex(json.path("mediaType").asText(""));
  }

  private static List<Descriptor> entries(JsonNode index) {
    List<Descriptor> entries = new ArrayList<>();
    for (JsonNode m : index.path("manifests")) {
      Descriptor d = descriptor(m, "");
      entries.add(
          new Descriptor(
              d.mediaType(), d.digest(), d.size(), platform(m.path("platform")), d.annotations()));
    }
    return entries;
  }

  private static @Nullable Platform platform(JsonNode node) {
    String os = node.path("os").asText("");
    String arch = node.path("architecture").asText("");
    if (os.isEmpty() || arch.isEmpty() || arch.equals("unknown")) {
      return null;
    }
    String variant = node.path("variant").asText("");
    return new Platform(os, arch, variant.isEmpty() ? null : variant);
  }

  static Descriptor descriptor(JsonNode node, String name) {
    return new Descriptor(
        node.path("mediaType").asText(""),
        parseDigest(node.path("digest").asText(), name),
        node.path("size").asLong(),
        null,
        strings(node.path("annotations")));
  }

  private static Digest parseDigest(String text, String name) {
    try {
      return Digest.parse(text);
    } catch (RuntimeException e) {
      throw new SealerException("could not read image " + name + ": bad digest \"" + text + "\"");
    }
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> out = new LinkedHashMap<>();
    object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private JsonNode readJson(Digest digest, String name, String what) throws IOException {
    try {
      JsonNode node = JSON.readTree(store.readBlob(digest));
      if (node == null || !node.isObject()) {
        throw new SealerException(
            "could not read image "
                + name
                + ": its "
                + what
                + " "
                + digest
                + " is not a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new SealerException(
          "could not read image "
              + name
              + ": its "
              + what
              + " "
              + digest
              + " is not JSON ("
              + e.getOriginalMessage()
              + ")");
    }
  }

  private static String name(StoredImage image) {
    return image.names().isEmpty() ? image.id().toString() : image.names().get(0).toString();
  }
}
