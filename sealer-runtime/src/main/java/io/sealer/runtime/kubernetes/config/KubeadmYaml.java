package io.sealer.runtime.kubernetes.config;

import io.sealer.api.ParseException;
import io.sealer.api.cluster.KubeadmDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads and writes multi-document kubeadm YAML. Reading follows spec §4.1: documents are told apart
 * by {@code kind} only, empty documents are skipped and unknown kinds are ignored; a document that
 * is not a mapping, has no string {@code kind}, or repeats a key is refused with the file named.
 */
final class KubeadmYaml {
  /** Bytes above which a kubeadm file is refused rather than parsed. */
  static final int MAX_CHARS = 1 << 20;

  private KubeadmYaml() {}

  /** One kubeadm document read from a file: its kind and a mutable copy of its content. */
  record Doc(String kind, Map<String, @Nullable Object> content) {}

  /** The known-kind documents of {@code text}, in order; {@code file} names it in errors. */
  static List<Doc> read(String text, String file) {
    if (text.length() > MAX_CHARS) {
      throw new ParseException(file, 0, 0, "larger than " + MAX_CHARS + " characters");
    }
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(file)
            .setAllowDuplicateKeys(false)
            .setMaxAliasesForCollections(20)
            .setCodePointLimit(MAX_CHARS)
            .build();
    List<Doc> docs = new ArrayList<>();
    int index = 0;
    try {
      for (Object raw : new Load(settings).loadAllFromString(text)) {
        index++;
        if (raw == null) {
          continue;
        }
        if (!(raw instanceof Map<?, ?> map)) {
          throw new ParseException(
              file, 0, 0, "document " + index + " is not a mapping but " + describe(raw));
        }
        Map<String, @Nullable Object> content = stringKeys(map, file, index);
        Object kind = content.get("kind");
        if (!(kind instanceof String k) || k.isBlank()) {
          throw new ParseException(file, 0, 0, "document " + index + " has no kind");
        }
        if (KubeadmDocument.KINDS.contains(k)) {
          docs.add(new Doc(k, content));
        }
      }
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
      throw new ParseException(file, line, 0, "not valid YAML: " + e.getProblem(), e);
    } catch (YamlEngineException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage().strip();
      throw new ParseException(file, 0, 0, "not valid YAML: " + firstLine(reason), e);
    }
    return docs;
  }

  /** The documents as one multi-document YAML text, each starting with {@code ---}. */
  static String write(List<Map<String, @Nullable Object>> documents) {
    DumpSettings settings =
        DumpSettings.builder()
            .setDefaultFlowStyle(FlowStyle.BLOCK)
            .setIndent(2)
            .setIndicatorIndent(2)
            .setIndentWithIndicator(true)
            .setWidth(Integer.MAX_VALUE)
            .build();
    StringBuilder out = new StringBuilder();
    for (Map<String, @Nullable Object> doc : documents) {
      out.append("---\n").append(new Dump(settings).dumpToString(doc));
    }
    return out.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, @Nullable Object> stringKeys(Map<?, ?> map, String file, int index) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (e.getKey() == null || e.getKey() instanceof Map || e.getKey() instanceof List) {
        throw new ParseException(
            file, 0, 0, "document " + index + " has a key that is not a plain value");
      }
      out.put(String.valueOf(e.getKey()), normalise(e.getValue(), file, index));
    }
    return out;
  }

  private static @Nullable Object normalise(@Nullable Object value, String file, int index) {
    if (value instanceof Map<?, ?> m) {
      return stringKeys(m, file, index);
    }
    if (value instanceof List<?> l) {
      List<@Nullable Object> out = new ArrayList<>();
      l.forEach(v -> out.add(normalise(v, file, index)));
      return out;
    }
    if (value instanceof byte[] || value instanceof java.util.Set<?>) {
      throw new ParseException(
          file, 0, 0, "document " + index + " holds a value kubeadm cannot read");
    }
    return value;
  }

  private static String describe(Object raw) {
    if (raw instanceof List<?>) {
      return "a list";
    }
    return "a scalar";
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
