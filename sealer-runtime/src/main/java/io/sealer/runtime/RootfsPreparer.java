package io.sealer.runtime;

import io.sealer.api.SealerException;
import io.sealer.api.TextFiles;
import io.sealer.api.build.ImageApplication;
import io.sealer.api.cluster.AppConfig;
import io.sealer.api.cluster.AppFile;
import io.sealer.api.cluster.Application;
import io.sealer.api.cluster.Config;
import io.sealer.api.cluster.Env;
import io.sealer.api.cluster.TemplateRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Makes a mounted image ready to send (spec §4.4, §4.3 "Template rendering"): writes the
 * Clusterfile's Config documents into it (overwrite, or deep-merge into each YAML document with
 * {@code strategy: merge}), then renders every {@code *.tmpl} under {@code etc/}, {@code charts/}
 * and {@code manifests/} with the cluster env next to itself without the suffix. Paths never leave
 * the rootfs, and symlinks in it are never followed.
 */
final class RootfsPreparer {
  private static final List<String> TEMPLATE_DIRS = List.of("etc", "charts", "manifests");

  /**
   * The largest template or merged file of an image read into memory: far above any real one, far
   * below the heap (the image may come from anyone).
   */
  static final int TEXT_LIMIT = 16 << 20;

  private final TemplateRenderer renderer;

  RootfsPreparer(TemplateRenderer renderer) {
    this.renderer = renderer;
  }

  void prepare(Path rootfs, List<Config> configs, Map<String, String> env) {
    for (Config config : configs) {
      write(rootfs, config);
    }
    for (String dir : TEMPLATE_DIRS) {
      render(rootfs, rootfs.resolve(dir), env);
    }
  }

  /**
   * The applications' part (spec §4.6): each config's files written into its app directory, then
   * the app's {@code *.tmpl} files rendered with the cluster env, the app's env from the image and
   * the config's env (later wins).
   */
  void prepareApps(
      Path rootfs,
      List<ImageApplication> apps,
      @Nullable Application application,
      Map<String, String> env) {
    for (ImageApplication app : apps) {
      Map<String, String> appEnv = new java.util.TreeMap<>(env);
      appEnv.putAll(app.env());
      if (application != null) {
        for (AppConfig config : application.configs()) {
          if (!config.name().equals(app.name())) {
            continue;
          }
          appEnv.putAll(Env.parse(config.env()).values());
          for (AppFile file : config.files()) {
            write(
                rootfs,
                new Config(
                    "app " + app.name() + " file " + file.path(),
                    file.path(),
                    file.data(),
                    file.strategy(),
                    null,
                    app.name()));
          }
        }
      }
      render(rootfs, rootfs.resolve(app.appRoot()), appEnv);
    }
  }

  private void write(Path rootfs, Config config) {
    String relative =
        config.appName() == null || config.appName().isBlank()
            ? config.path()
            : "application/apps/" + config.appName() + "/" + config.path();
    Path target = inside(rootfs, relative, "Config " + config.name());
    try {
      Files.createDirectories(target.getParent());
      String data = config.data();
      if ("merge".equals(config.strategy())
          && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
        data = merge(TextFiles.read(target, "file to merge", TEXT_LIMIT), data, config.name());
      }
      Files.deleteIfExists(target);
      Files.writeString(target, data, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SealerException(
          "could not write Config " + config.name() + " to " + relative + ": " + e.getMessage(), e);
    }
  }

  /** The path of {@code relative} inside {@code rootfs}, refusing escapes and symlinked parents. */
  static Path inside(Path rootfs, String relative, String what) {
    Path root = rootfs.toAbsolutePath().normalize();
    Path target =
        root.resolve(relative.startsWith("/") ? relative.substring(1) : relative).normalize();
    if (!target.startsWith(root) || target.equals(root)) {
      throw new SealerException(what + ": path " + relative + " is outside the image's rootfs");
    }
    for (Path p = target.getParent(); p != null && !p.equals(root); p = p.getParent()) {
      if (Files.isSymbolicLink(p)) {
        throw new SealerException(
            what
                + ": path "
                + relative
                + " goes through the symlink "
                + root.relativize(p)
                + "; give the real path");
      }
    }
    if (Files.isSymbolicLink(target)) {
      throw new SealerException(what + ": path " + relative + " is a symlink; give the real path");
    }
    return target;
  }

  @SuppressWarnings("unchecked")
  private static String merge(String existing, String data, String name) {
    LoadSettings load = LoadSettings.builder().setLabel("Config " + name).build();
    Object patch = new Load(load).loadFromString(data);
    if (!(patch instanceof Map)) {
      throw new SealerException("Config " + name + ": strategy merge needs a YAML mapping as data");
    }
    List<Object> docs = new ArrayList<>();
    for (Object doc : new Load(load).loadAllFromString(existing)) {
      docs.add(
          doc instanceof Map
              ? deepMerge((Map<Object, Object>) doc, (Map<Object, Object>) patch)
              : doc);
    }
    Dump dump = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build());
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < docs.size(); i++) {
      if (i > 0) {
        sb.append("---\n");
      }
      sb.append(dump.dumpToString(docs.get(i)));
    }
    return sb.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> deepMerge(
      Map<Object, Object> base, Map<Object, Object> patch) {
    Map<Object, Object> out = new java.util.LinkedHashMap<>(base);
    patch.forEach(
        (k, v) -> {
          Object old = out.get(k);
          out.put(
              k,
              old instanceof Map && v instanceof Map
                  ? deepMerge((Map<Object, Object>) old, (Map<Object, Object>) v)
                  : v);
        });
    return out;
  }

  private void render(Path rootfs, Path dir, Map<String, String> env) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> templates;
    try (Stream<Path> files = Files.walk(dir)) {
      templates =
          files
              .filter(p -> p.getFileName().toString().endsWith(".tmpl"))
              .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new SealerException("could not list templates in " + dir + ": " + e.getMessage(), e);
    }
    for (Path template : templates) {
      String name = rootfs.relativize(template).toString();
      Path out =
          template.resolveSibling(
              template
                  .getFileName()
                  .toString()
                  .substring(0, template.getFileName().toString().length() - 5));
      try {
        String rendered =
            renderer.render(name, TextFiles.read(template, "template", TEXT_LIMIT), env);
        Files.deleteIfExists(out);
        Files.writeString(out, rendered, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(out, Files.getPosixFilePermissions(template));
      } catch (IOException e) {
        throw new SealerException("could not render " + name + ": " + e.getMessage(), e);
      }
    }
  }
}
