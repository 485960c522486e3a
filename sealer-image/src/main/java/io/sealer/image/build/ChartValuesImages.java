package io.sealer.image.build;

import io.sealer.api.SealerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Image references of a Helm chart read without Helm: from the chart's default values (with each
 * sub-chart's values overridden by the parent's {@code <subchart>:} section, as Helm merges them)
 * and from literal {@code image:} lines of its templates.
 *
 * <p>In values, an entry whose key ends with {@code image} is an image when it is a string, or a
 * map with {@code repository} (plus optional {@code registry}, {@code tag}, {@code digest}); so is
 * such a map directly under, or listed under, a key ending with {@code images} ({@code images:
 * {main: {repository: ...}}}). A missing tag defaults to the chart's {@code appVersion}, as the
 * common chart templates do. Template lines still holding {@code {{ }}} are skipped. This is a best
 * effort: images chosen by template logic are only found by rendering with {@code helm template}.
 */
final class ChartValuesImages {
  private final Path chartDir;

  ChartValuesImages(Path chartDir) {
    this.chartDir = chartDir;
  }

  private final List<Path> packed = new ArrayList<>();

  /** The images of the chart and its unpacked sub-charts, in order, duplicates kept. */
  List<String> images() {
    List<String> out = new ArrayList<>();
    packed.clear();
    collect(chartDir, Map.of(), out);
    return out;
  }

  /** The packed sub-charts ({@code charts/*.tgz}) the last {@link #images()} could not read. */
  List<Path> packedSubcharts() {
    return List.copyOf(packed);
  }

  private void collect(Path chart, Map<String, Object> overrides, List<String> out) {
    Map<String, Object> values = merge(asMap(load(chart.resolve("values.yaml"))), overrides);
    String appVersion = scalar(asMap(load(chart.resolve("Chart.yaml"))).get("appVersion"));
    List<Path> subcharts = subcharts(chart);
    Path chartsDir = chart.resolve("charts");
    if (Files.isDirectory(chartsDir)) {
      sortedChildren(chartsDir).stream()
          .filter(p -> String.valueOf(p.getFileName()).endsWith(".tgz"))
          .forEach(packed::add);
    }
    Map<String, Object> own = new LinkedHashMap<>(values);
    for (Path sub : subcharts) {
      own.remove(String.valueOf(sub.getFileName()));
    }
    findInValues(own, "", false, appVersion, out);
    for (Path template : files(chart.resolve("templates"))) {
      for (String image : ImageLineDecoder.decodeImages(read(template))) {
        if (!image.contains("{{")) {
          out.add(image);
        }
      }
    }
    for (Path sub : subcharts) {
      Map<String, Object> subOverrides =
          new LinkedHashMap<>(asMap(values.get(String.valueOf(sub.getFileName()))));
      if (values.get("global") instanceof Map<?, ?>) {
        subOverrides.put("global", values.get("global"));
      }
      collect(sub, subOverrides, out);
    }
  }

  /** The unpacked sub-charts under {@code charts/}, sorted; packed {@code .tgz} are not read. */
  private static List<Path> subcharts(Path chart) {
    Path dir = chart.resolve("charts");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    return sortedChildren(dir).stream()
        .filter(p -> Files.isDirectory(p) && ApplicationDetector.isChartDirectory(p))
        .toList();
  }

  private static void findInValues(
      Object node, String key, boolean inImages, String appVersion, List<String> out) {
    String lower = key.toLowerCase(Locale.ROOT);
    boolean imageKey = lower.endsWith("image");
    boolean imagesKey = lower.endsWith("images");
    if (node instanceof Map<?, ?> map) {
      if ((imageKey || inImages) && map.get("repository") instanceof String repository) {
        out.add(imageOf(map, repository, appVersion));
        return;
      }
      for (Map.Entry<?, ?> e : map.entrySet()) {
        findInValues(e.getValue(), String.valueOf(e.getKey()), imagesKey, appVersion, out);
      }
    } else if (node instanceof List<?> list) {
      for (Object item : list) {
        findInValues(item, key, inImages || imagesKey, appVersion, out);
      }
    } else if (imageKey && node instanceof String s && !s.isBlank()) {
      out.add(s);
    }
  }

  private static String imageOf(Map<?, ?> map, String repository, String appVersion) {
    String registry = scalar(map.get("registry"));
    String tag = scalar(map.get("tag"));
    String digest = scalar(map.get("digest"));
    StringBuilder sb = new StringBuilder();
    if (!registry.isEmpty()) {
      sb.append(registry).append('/');
    }
    sb.append(repository);
    if (tag.isEmpty()) {
      tag = appVersion;
    }
    if (!tag.isEmpty()) {
      sb.append(':').append(tag);
    }
    if (!digest.isEmpty()) {
      sb.append('@').append(digest);
    }
    return sb.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    over.forEach(
        (k, v) -> {
          if (v instanceof Map<?, ?> m && out.get(k) instanceof Map<?, ?> b) {
            out.put(k, merge((Map<String, Object>) b, (Map<String, Object>) m));
          } else {
            out.put(k, v);
          }
        });
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<Object, Object>) m).forEach((k, v) -> out.put(String.valueOf(k), v));
      return out;
    }
    return Map.of();
  }

  private static String scalar(Object o) {
    return o == null || o instanceof Map || o instanceof List ? "" : String.valueOf(o).strip();
  }

  private static Object load(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return new Load(LoadSettings.builder().setLabel(file.toString()).build())
          .loadFromString(read(file));
    } catch (YamlEngineException e) {
      throw new SealerException(
          "could not read image references of Helm chart " + file + ": " + e.getMessage(), e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SealerException("could not read " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<Path> files(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new SealerException("could not read " + dir + ": " + e.getMessage(), e);
    }
  }

  private static List<Path> sortedChildren(Path dir) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.sorted().toList();
    } catch (IOException e) {
      throw new SealerException("could not read " + dir + ": " + e.getMessage(), e);
    }
  }
}
