package io.sealer.image.resolve;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sealer.api.build.ImageExtension;
import io.sealer.api.resolve.ResolvedImage;
import io.sealer.image.build.ImageExtensionJson;
import java.io.IOException;
import java.util.Map;

/**
 * The document {@code sealer inspect} prints, in Sealer v0.11's shape and layout (Go's {@code
 * json.MarshalIndent}: four spaces, {@code <>&} escaped): the manifest without the two Sealer
 * annotations, the config without labels, the extension with the inspect labels, the cached
 * container images.
 */
final class InspectJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private InspectJson() {}

  static String render(ResolvedImage image, JsonNode manifest, JsonNode config) throws IOException {
    ObjectNode out = JSON.createObjectNode();
    out.put("id", image.id().hex());
    out.put("name", image.image().names().isEmpty() ? "" : image.image().names().get(0).toString());
    out.put("digest", image.manifest().digest().toString());
    ObjectNode printed = manifest.deepCopy();
    if (printed.path("annotations") instanceof ObjectNode a) {
      a.remove(ImageExtension.ANNOTATION);
      a.remove(ImageExtension.CONTAINER_IMAGES_ANNOTATION);
      if (a.isEmpty()) {
        printed.remove("annotations");
      }
    }
    out.set("manifestv1", printed);
    ObjectNode oci = config.deepCopy();
    if (oci.path("config") instanceof ObjectNode c) {
      c.remove("Labels");
    }
    out.set("ociv1", oci);
    out.set("imageExtension", extension(image));
    String images = image.annotations().get(ImageExtension.CONTAINER_IMAGES_ANNOTATION);
    if (images != null && !images.isBlank()) {
      out.set("containerImageList", JSON.readTree(images));
    }
    return JSON.writer(printer()).with(ImageExtensionJson.goEscapes()).writeValueAsString(out);
  }

  /** The annotation's JSON as written (Sealer's field order), v0.9 names updated, labels set. */
  private static ObjectNode extension(ResolvedImage image) throws IOException {
    String annotation = image.annotations().get(ImageExtension.ANNOTATION);
    ObjectNode ext =
        annotation != null && JSON.readTree(annotation) instanceof ObjectNode o
            ? o
            : JSON.createObjectNode();
    for (JsonNode app : ext.path("applications")) {
      if (app instanceof ObjectNode o && !o.has("files") && o.has("launchfiles")) {
        o.set("files", o.remove("launchfiles"));
      }
    }
    Map<String, String> labels = image.extension().labels();
    if (!labels.isEmpty()) {
      ObjectNode l = JSON.createObjectNode();
      labels.forEach(l::put);
      ext.set("labels", l);
      if (ext.has("env") || ext.has("launch")) {
        // keep Sealer's order: labels come before env and launch
        JsonNode env = ext.remove("env");
        JsonNode launch = ext.remove("launch");
        if (env != null) {
          ext.set("env", env);
        }
        if (launch != null) {
          ext.set("launch", launch);
        }
      }
    }
    return ext;
  }

  /** Go's MarshalIndent: four spaces, {@code "key": value}, empty containers as {} and []. */
  private static DefaultPrettyPrinter printer() {
    DefaultIndenter indent = new DefaultIndenter("    ", "\n");
    Separators separators =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    return new DefaultPrettyPrinter(separators) {
      private static final long serialVersionUID = 1L;

      {
        indentObjectsWith(indent);
        indentArraysWith(indent);
      }

      @Override
      public DefaultPrettyPrinter createInstance() {
        return printer();
      }
    };
  }
}
