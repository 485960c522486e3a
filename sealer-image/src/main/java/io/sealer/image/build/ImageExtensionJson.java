package io.sealer.image.build;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.api.Platform;
import io.sealer.api.SealerException;
import io.sealer.api.build.AppType;
import io.sealer.api.build.BuildClient;
import io.sealer.api.build.ContainerImage;
import io.sealer.api.build.ImageApplication;
import io.sealer.api.build.ImageExtension;
import io.sealer.api.build.Launch;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Writes and reads the JSON of the {@code sealer.image.extension} and {@code
 * sealer.image.container.images} annotations exactly as Sealer (Go's {@code encoding/json}) does:
 * fields in Sealer's order, empty optional fields omitted, map keys sorted, {@code <>&} escaped as
 * {@code \u003c} etc. The reader accepts v0.9.0's {@code launchfiles} in place of {@code files}.
 */
public final class ImageExtensionJson {
  /** The label prefix of a {@code CNI} instruction, followed by the CNI name. */
  public static final String KUBE_CNI_PREFIX = "cluster.alpha.sealer.io/kube-cni-";

  /** The label prefix of a {@code CSI} instruction, followed by the CSI name. */
  public static final String KUBE_CSI_PREFIX = "cluster.alpha.sealer.io/kube-csi-";

  /** The inspect label aggregating CNI names as a sorted JSON array. */
  public static final String KUBE_CNI = "cluster.alpha.sealer.io/kube-cni";

  /** The inspect label aggregating CSI names as a sorted JSON array. */
  public static final String KUBE_CSI = "cluster.alpha.sealer.io/kube-csi";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final CharacterEscapes GO_ESCAPES = new GoEscapes();

  private ImageExtensionJson() {}

  /** Go's {@code encoding/json} escaping ({@code <>&} as {@code \u003c} etc.) for other writers. */
  public static CharacterEscapes goEscapes() {
    return GO_ESCAPES;
  }

  /** The annotation value of an extension; {@code labels} are written only if present. */
  public static String write(ImageExtension extension) {
    return generate(
        g -> {
          g.writeStartObject();
          g.writeObjectFieldStart("buildClient");
          g.writeStringField("sealerVersion", extension.buildClient().sealerVersion());
          g.writeStringField("buildahVersion", extension.buildClient().buildahVersion());
          g.writeEndObject();
          g.writeStringField("schemaVersion", extension.schemaVersion());
          if (!extension.type().isEmpty()) {
            g.writeStringField("type", extension.type());
          }
          if (!extension.applications().isEmpty()) {
            g.writeArrayFieldStart("applications");
            for (ImageApplication app : extension.applications()) {
              writeApplication(g, app);
            }
            g.writeEndArray();
          }
          writeMapField(g, "labels", extension.labels());
          writeMapField(g, "env", extension.env());
          g.writeObjectFieldStart("launch");
          writeListField(g, "cmds", extension.launch().cmds());
          writeListField(g, "app_names", extension.launch().appNames());
          g.writeEndObject();
          g.writeEndObject();
        });
  }

  private static void writeApplication(JsonGenerator g, ImageApplication app) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", app.name());
    if (app.type() != AppType.UNKNOWN) {
      g.writeStringField("type", app.type().value());
    }
    writeListField(g, "files", app.files());
    if (!app.version().isEmpty()) {
      g.writeStringField("version", app.version());
    }
    writeMapField(g, "env", app.env());
    writeListField(g, "cmds", app.cmds());
    g.writeEndObject();
  }

  /**
   * Reads an annotation value.
   *
   * @throws SealerException if it is not the JSON of an extension
   */
  public static ImageExtension read(String json) {
    JsonNode root = parse(json, ImageExtension.ANNOTATION);
    JsonNode client = root.path("buildClient");
    List<ImageApplication> apps = new ArrayList<>();
    for (JsonNode app : root.path("applications")) {
      JsonNode files = app.has("files") ? app.path("files") : app.path("launchfiles");
      apps.add(
          new ImageApplication(
              app.path("name").asText(""),
              AppType.fromValue(app.path("type").asText("")),
              strings(files),
              app.path("version").asText(""),
              stringMap(app.path("env")),
              strings(app.path("cmds"))));
    }
    JsonNode launch = root.path("launch");
    return new ImageExtension(
        new BuildClient(
            client.path("sealerVersion").asText(""), client.path("buildahVersion").asText("")),
        root.path("schemaVersion").asText(""),
        root.path("type").asText(""),
        apps,
        stringMap(root.path("labels")),
        stringMap(root.path("env")),
        new Launch(strings(launch.path("cmds")), strings(launch.path("app_names"))));
  }

  /** The annotation value listing cached container images (a JSON array). */
  public static String writeContainerImages(Collection<ContainerImage> images) {
    return generate(
        g -> {
          g.writeStartArray();
          for (ContainerImage image : images) {
            g.writeStartObject();
            g.writeStringField("image", image.image());
            if (image.appName() != null) {
              g.writeStringField("appName", image.appName());
            }
            Platform p = image.platform();
            if (p == null) {
              g.writeNullField("platform");
            } else {
              g.writeObjectFieldStart("platform");
              g.writeStringField("architecture", p.architecture());
              g.writeStringField("os", p.os());
              if (p.variant() != null) {
                g.writeStringField("variant", p.variant());
              }
              g.writeEndObject();
            }
            g.writeEndObject();
          }
          g.writeEndArray();
        });
  }

  /** Reads the container image annotation; an empty value gives an empty list. */
  public static List<ContainerImage> readContainerImages(String json) {
    if (json.isBlank()) {
      return List.of();
    }
    List<ContainerImage> images = new ArrayList<>();
    for (JsonNode node : parse(json, ImageExtension.CONTAINER_IMAGES_ANNOTATION)) {
      JsonNode p = node.path("platform");
      Platform platform = null;
      if (p.isObject() && !p.path("architecture").asText("").isEmpty()) {
        platform =
            new Platform(
                p.path("os").asText("linux"),
                p.path("architecture").asText(),
                p.path("variant").asText(""));
      }
      String appName = node.path("appName").asText("");
      images.add(
          new ContainerImage(
              node.path("image").asText(""), appName.isEmpty() ? null : appName, platform));
    }
    return images;
  }

  /**
   * The labels {@code sealer inspect} shows: {@code kube-cni-<name>}/{@code kube-csi-<name>} labels
   * replaced by {@link #KUBE_CNI}/{@link #KUBE_CSI} holding the sorted names as a JSON array, every
   * other label kept.
   */
  public static Map<String, String> inspectLabels(Map<String, String> configLabels) {
    Map<String, String> result = new TreeMap<>();
    TreeSet<String> cni = new TreeSet<>();
    TreeSet<String> csi = new TreeSet<>();
    configLabels.forEach(
        (k, v) -> {
          if (k.startsWith(KUBE_CNI_PREFIX)) {
            cni.add(k.substring(KUBE_CNI_PREFIX.length()));
          } else if (k.startsWith(KUBE_CSI_PREFIX)) {
            csi.add(k.substring(KUBE_CSI_PREFIX.length()));
          } else {
            result.put(k, v);
          }
        });
    if (!cni.isEmpty()) {
      result.put(KUBE_CNI, jsonArray(cni));
    }
    if (!csi.isEmpty()) {
      result.put(KUBE_CSI, jsonArray(csi));
    }
    return result;
  }

  private static String jsonArray(Collection<String> items) {
    return generate(
        g -> {
          g.writeStartArray();
          for (String item : items) {
            g.writeString(item);
          }
          g.writeEndArray();
        });
  }

  private static void writeListField(JsonGenerator g, String name, List<String> values)
      throws IOException {
    if (values.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart(name);
    for (String value : values) {
      g.writeString(value);
    }
    g.writeEndArray();
  }

  private static void writeMapField(JsonGenerator g, String name, Map<String, String> values)
      throws IOException {
    if (values.isEmpty()) {
      return;
    }
    g.writeObjectFieldStart(name);
    for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : array) {
      out.add(item.asText());
    }
    return out;
  }

  private static Map<String, String> stringMap(JsonNode object) {
    Map<String, String> out = new LinkedHashMap<>();
    object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static JsonNode parse(String json, String what) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new SealerException(
          "could not read annotation " + what + ": " + e.getOriginalMessage(), e);
    }
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static String generate(Body body) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.setCharacterEscapes(GO_ESCAPES);
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Go's encoding/json escapes {@code < > &} and U+2028/U+2029 with lower-case hex. */
  private static final class GoEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] table;

    GoEscapes() {
      table = CharacterEscapes.standardAsciiEscapesForJSON();
      table['<'] = ESCAPE_CUSTOM;
      table['>'] = ESCAPE_CUSTOM;
      table['&'] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return table;
    }

    @Override
    public @Nullable SerializableString getEscapeSequence(int ch) {
      if (ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029) {
        return new SerializedString(String.format("\\u%04x", ch));
      }
      return null;
    }
  }
}
