package io.sealer.parser;

import io.sealer.api.ParseException;
import io.sealer.api.cluster.AppConfig;
import io.sealer.api.cluster.AppFile;
import io.sealer.api.cluster.Application;
import io.sealer.api.cluster.Cluster;
import io.sealer.api.cluster.Clusterfile;
import io.sealer.api.cluster.Config;
import io.sealer.api.cluster.KubeadmDocument;
import io.sealer.api.cluster.Plugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a multi-document Clusterfile by {@code kind} (apiVersion is not checked, as in Sealer):
 * Cluster (v2, or v1 turned into v2), Config, Plugin, Application and the kubeadm documents.
 * Unknown kinds and empty documents are skipped; the last Cluster and Application win.
 */
final class ClusterfileReader {
  private final String file;

  ClusterfileReader(String file) {
    this.file = file;
  }

  Clusterfile read(String text) {
    Clusterfile read = readDocuments(text);
    if (read == null) {
      throw new ParseException(file, 0, 0, "no kind: Cluster document");
    }
    return read;
  }

  /** The Plugin documents of a file that may hold nothing else (an image's {@code plugins/}). */
  List<Plugin> readPlugins(String text) {
    List<Plugin> found = new ArrayList<>();
    readDocuments(text, found);
    return found;
  }

  private @Nullable Clusterfile readDocuments(String text) {
    return readDocuments(text, new ArrayList<>());
  }

  private @Nullable Clusterfile readDocuments(String text, List<Plugin> plugins) {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(file)
            .setSchema(new CoreSchema())
            .setAllowDuplicateKeys(false)
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(50)
            .setCodePointLimit(16 * 1024 * 1024)
            .build();
    Cluster cluster = null;
    Application application = null;
    List<Config> configs = new ArrayList<>();
    List<KubeadmDocument> kubeadm = new ArrayList<>();
    int index = 0;
    try {
      for (Node node : new Compose(settings).composeAllFromString(text)) {
        YamlTree doc = new YamlTree(file, "", node);
        index++;
        if (doc.isNull()) {
          continue;
        }
        if (!doc.isMap()) {
          throw doc.error("document " + index + " is not a YAML mapping");
        }
        String kind = doc.get("kind").map(YamlTree::string).orElse("");
        switch (kind) {
          case "Cluster" -> cluster = new ClusterDecoder().decode(doc);
          case "Config" -> configs.add(config(doc));
          case "Plugin" -> plugins.add(plugin(doc));
          case "Application" -> application = application(doc);
          default -> {
            if (KubeadmDocument.KINDS.contains(kind)) {
              kubeadm.add(kubeadmDocument(doc, kind));
            }
          }
        }
      }
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
      int col = e.getProblemMark().map(m -> m.getColumn() + 1).orElse(0);
      throw new ParseException(file, line, col, "invalid YAML: " + problem(e), e);
    } catch (YamlEngineException e) {
      throw new ParseException(file, 0, 0, "invalid YAML: " + e.getMessage(), e);
    }
    if (cluster == null) {
      return null;
    }
    return new Clusterfile(cluster, configs, plugins, application, kubeadm);
  }

  private static String problem(MarkedYamlEngineException e) {
    String context = e.getContext();
    String problem = e.getProblem();
    return context == null || context.isEmpty() ? problem : context + ", " + problem;
  }

  private static String name(YamlTree doc) {
    return doc.get("metadata").flatMap(m -> m.get("name")).map(YamlTree::string).orElse("");
  }

  private static YamlTree spec(YamlTree doc) {
    return doc.get("spec")
        .orElseThrow(() -> doc.error("kind " + orEmpty(doc, "kind") + " needs a spec"));
  }

  private Config config(YamlTree doc) {
    YamlTree spec = spec(doc);
    String path = optional(spec, "path");
    String data = optional(spec, "data");
    if (path == null || path.isEmpty()) {
      throw spec.error("Config " + name(doc) + " needs spec.path");
    }
    if (data == null || data.isEmpty()) {
      throw spec.error("Config " + name(doc) + " needs spec.data");
    }
    return new Config(
        name(doc),
        path,
        data,
        optional(spec, "strategy"),
        optional(spec, "process"),
        optional(spec, "appName"));
  }

  private Plugin plugin(YamlTree doc) {
    YamlTree spec = spec(doc);
    String type = orEmpty(spec, "type");
    if (!type.toUpperCase(Locale.ROOT).equals("SHELL")) {
      throw spec.get("type")
          .orElse(spec)
          .error("plugin type '" + type + "' of " + name(doc) + " is not supported: only SHELL");
    }
    String action = orEmpty(spec, "action");
    if (action.isBlank()) {
      throw spec.error("Plugin " + name(doc) + " needs spec.action (the phases it runs at)");
    }
    String data = orEmpty(spec, "data");
    while (data.endsWith("\n")) {
      data = data.substring(0, data.length() - 1);
    }
    return new Plugin(name(doc), type, action, orEmpty(spec, "scope"), data);
  }

  private Application application(YamlTree doc) {
    YamlTree spec = doc.get("spec").orElse(null);
    if (spec == null) {
      return new Application(name(doc), List.of(), null, List.of());
    }
    List<String> cmds = spec.get("cmds").map(YamlTree::strings).orElse(List.of());
    List<String> launchApps = spec.get("launchApps").map(YamlTree::strings).orElse(null);
    List<AppConfig> configs = new ArrayList<>();
    for (YamlTree c : spec.get("configs").map(YamlTree::list).orElse(List.of())) {
      String appName = orEmpty(c, "name");
      if (appName.isEmpty()) {
        throw c.error(c.path() + " needs a name (the app it configures)");
      }
      List<String> env = c.get("env").map(YamlTree::strings).orElse(List.of());
      c.get("env").ifPresent(e -> ClusterDecoder.checkEnv(e));
      List<AppFile> files = new ArrayList<>();
      for (YamlTree f : c.get("files").map(YamlTree::list).orElse(List.of())) {
        String path = orEmpty(f, "path");
        String data = orEmpty(f, "data");
        if (path.isEmpty() || data.isEmpty()) {
          throw f.error(f.path() + " needs both path and data");
        }
        files.add(new AppFile(path, optional(f, "strategy"), data));
      }
      List<String> launchCmds = null;
      YamlTree launch = c.get("launch").orElse(null);
      if (launch != null) {
        launchCmds = launch.get("cmds").map(YamlTree::strings).orElse(List.of());
        if (launchCmds.isEmpty()) {
          throw launch.error(launch.path() + " needs cmds");
        }
      }
      configs.add(new AppConfig(appName, env, files, launchCmds));
    }
    return new Application(name(doc), cmds, launchApps, configs);
  }

  @SuppressWarnings("unchecked")
  private static KubeadmDocument kubeadmDocument(YamlTree doc, String kind) {
    return new KubeadmDocument(kind, (Map<String, @Nullable Object>) doc.toJava());
  }

  static @Nullable String optional(YamlTree map, String key) {
    return map.get(key).map(YamlTree::string).orElse(null);
  }

  static String orEmpty(YamlTree map, String key) {
    String v = optional(map, key);
    return v == null ? "" : v;
  }
}
