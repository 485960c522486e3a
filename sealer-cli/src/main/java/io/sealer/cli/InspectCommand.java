package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sealer.api.Digest;
import io.sealer.api.Platform;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.StoredImage;
import java.util.ArrayList;
import java.util.List;

/** {@code sealer inspect}: the JSON Sealer v0.11 prints, annotations decoded. */
@Parameters(
    commandNames = "inspect",
    commandDescription = "Show an image's manifest, config and decoded Sealer annotations as JSON")
final class InspectCommand implements CliCommand {
  static final String EXTENSION = "sealer.image.extension";
  static final String CONTAINER_IMAGES = "sealer.image.container.images";
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @Parameter(description = "NAME|ID", required = true)
  List<String> names = new ArrayList<>();

  @Parameter(names = "--platform", description = "For a manifest list: the platform to show")
  String platform;

  @Override
  public int run(CommandContext context) throws Exception {
    if (names.size() != 1) {
      throw new com.beust.jcommander.ParameterException("inspect takes exactly one NAME or ID");
    }
    ImageStore store = context.sealer().images();
    StoredImage image = store.require(names.get(0));
    Digest manifestDigest = image.manifest().digest();
    JsonNode manifest = JSON.readTree(store.readBlob(manifestDigest));
    if (manifest.has("manifests")) {
      manifestDigest =
          pick(manifest, platform != null ? Platform.parse(platform) : Platform.host());
      manifest = JSON.readTree(store.readBlob(manifestDigest));
    }
    Digest configDigest = Digest.parse(manifest.path("config").path("digest").asText());
    ObjectNode config = (ObjectNode) JSON.readTree(store.readBlob(configDigest));
    ObjectNode out = JSON.createObjectNode();
    out.put("id", configDigest.hex());
    out.put("name", image.names().isEmpty() ? "" : image.names().get(0).toString());
    out.put("digest", manifestDigest.toString());
    ObjectNode printed = ((ObjectNode) manifest).deepCopy();
    JsonNode annotations = printed.path("annotations");
    String extension = annotations.path(EXTENSION).asText(null);
    String containerImages = annotations.path(CONTAINER_IMAGES).asText(null);
    if (annotations instanceof ObjectNode a) {
      a.remove(EXTENSION);
      a.remove(CONTAINER_IMAGES);
      if (a.isEmpty()) {
        printed.remove("annotations");
      }
    }
    out.set("manifestv1", printed);
    JsonNode labels = config.path("config").path("Labels");
    if (config.path("config") instanceof ObjectNode c) {
      c.remove("Labels");
    }
    out.set("ociv1", config);
    ObjectNode ext =
        extension != null ? (ObjectNode) JSON.readTree(extension) : JSON.createObjectNode();
    for (JsonNode app : ext.path("applications")) {
      if (app instanceof ObjectNode o && !o.has("files") && o.has("launchfiles")) {
        o.set("files", o.remove("launchfiles"));
      }
    }
    if (labels.isObject() && !labels.isEmpty()) {
      ext.set("labels", labels);
    }
    out.set("imageExtension", ext);
    if (containerImages != null) {
      out.set("containerImageList", JSON.readTree(containerImages));
    }
    context
        .out()
        .println(JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    return SealerCli.OK;
  }

  private static Digest pick(JsonNode index, Platform wanted) {
    ArrayNode manifests = (ArrayNode) index.path("manifests");
    for (JsonNode m : manifests) {
      JsonNode p = m.path("platform");
      if (wanted.os().equals(p.path("os").asText())
          && wanted.architecture().equals(p.path("architecture").asText())) {
        return Digest.parse(m.path("digest").asText());
      }
    }
    if (manifests.isEmpty()) {
      throw new io.sealer.api.SealerException(
          "could not inspect image: its manifest list is empty");
    }
    return Digest.parse(manifests.get(0).path("digest").asText());
  }

  @Override
  public String usage() {
    return "[options] NAME|ID";
  }

  @Override
  public String examples() {
    return """
        sealer inspect localhost/tiny:v1   # by name
        sealer inspect tiny:v1             # short name: localhost/ or docker.io (see docs/images.md)
        sealer inspect 447d3ad879f0        # by image id prefix""";
  }
}
