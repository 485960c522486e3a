package io.sealer.image.build;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.api.ImageReference;
import io.sealer.api.Platform;
import io.sealer.api.SealerException;
import io.sealer.api.build.AppType;
import io.sealer.api.build.BuildClient;
import io.sealer.api.build.BuildRequest;
import io.sealer.api.build.ImageApplication;
import io.sealer.api.build.ImageExtension;
import io.sealer.api.build.Launch;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.StoredImage;
import io.sealer.api.kubefile.Instruction;
import io.sealer.api.kubefile.Keyword;
import io.sealer.api.kubefile.Kubefile;
import io.sealer.api.registry.PullOptions;
import io.sealer.api.registry.PullPolicy;
import io.sealer.api.registry.PullResult;
import io.sealer.api.registry.PushOptions;
import io.sealer.api.registry.RegistryClient;
import io.sealer.api.resolve.ImageResolver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the instructions of one Kubefile in order onto a rootfs and a {@link BuildState}, printing
 * {@code STEP n/N: <instruction>} for each, and computes the image extension at the end.
 */
final class InstructionRunner {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ImageStore store;
  private final ImageResolver resolver;
  private final RegistryClient registry;
  private final BuildRequest request;
  private final Kubefile kubefile;
  private final Path rootfs;
  private final Platform platform;
  private final BuildState state;
  private final EventListener events;
  private final LayerSteps layers;

  InstructionRunner(
      ImageStore store,
      ImageResolver resolver,
      RegistryClient registry,
      LayerCache cache,
      BuildRequest request,
      Kubefile kubefile,
      Path context,
      Path rootfs,
      Path work,
      Platform platform,
      BuildState state,
      EventListener events) {
    this.store = store;
    this.resolver = resolver;
    this.registry = registry;
    this.request = request;
    this.kubefile = kubefile;
    this.rootfs = rootfs;
    this.platform = platform;
    this.state = state;
    this.events = events;
    this.layers =
        new LayerSteps(
            store, cache, request.noCache(), context, rootfs, work, platform, state, events);
  }

  void runAll() throws IOException {
    List<Instruction> all = kubefile.instructions();
    for (int n = 0; n < all.size(); n++) {
      Instruction i = all.get(n);
      String text = render(i);
      events.onEvent(LogEvent.info("STEP " + (n + 1) + "/" + all.size() + ": " + text));
      String where = kubefile.fileName() + ":" + i.line();
      switch (i.keyword()) {
        case FROM -> from(i);
        case ARG -> arg(i, text);
        case ENV -> {
          Map<String, String> kv = keyValues(i);
          state.configEnv.putAll(kv);
          StringBuilder h = new StringBuilder("ENV");
          kv.forEach((k, v) -> h.append(' ').append(k).append('=').append(v));
          state.addEmpty(h.toString());
        }
        case LABEL -> {
          state.labels.putAll(keyValues(i));
          state.addEmpty(text);
        }
        case MAINTAINER -> {
          state.author = i.args().get(0);
          state.addEmpty(text);
        }
        case KUBEVERSION -> {
          state.labels.put("app.alpha.sealer.io/supported-kube-version", i.args().get(0));
          state.addEmpty(text);
        }
        case COPY, ADD -> layers.copy(i, where, text);
        case RUN -> layers.run(i, where, text);
        case APP, CNI, CSI -> {
          if (i.keyword() != Keyword.APP) {
            String kind = i.keyword() == Keyword.CNI ? "cni" : "csi";
            state.labels.put(
                "cluster.alpha.sealer.io/kube-" + kind + "-" + i.args().get(0), "true");
          }
          layers.app(i, where, text);
        }
        case APPCMDS, APPENV, LAUNCH, CMDS, CMD -> {}
      }
    }
    layers.finish();
  }

  /** Brings the rootfs up to date with every layer so far (layers are extracted lazily). */
  void materialize() throws IOException {
    layers.materialize();
  }

  private void from(Instruction i) throws IOException {
    if (kubefile.isScratch()) {
      return;
    }
    String ref = Variables.expand(kubefile.from(), state.variables());
    Platform wanted = kubefile.fromPlatform().map(Platform::parse).orElse(platform);
    Optional<StoredImage> local =
        request.pull() == PullPolicy.ALWAYS ? Optional.empty() : store.find(ref);
    if (local.isEmpty() && request.pull() == PullPolicy.NEVER) {
      throw KubefileBuilder.kubefileError(
          kubefile,
          i.line(),
          "base image " + ref + " is not in the local store and --pull is never");
    }
    StoredImage base;
    if (local.isPresent()) {
      base = local.get();
    } else {
      ImageReference name;
      try {
        name = ImageReference.parse(ref);
      } catch (RuntimeException e) {
        throw KubefileBuilder.kubefileError(kubefile, i.line(), e.getMessage());
      }
      events.onEvent(LogEvent.info("pulling base image " + name + " (" + wanted + ")"));
      PullResult pulled =
          registry.pull(
              name, new PullOptions(wanted, request.pull(), false, PushOptions.DEFAULT_JOBS));
      base = store.require(pulled.image().toString());
    }
    BaseImage.apply(store, resolver.resolve(base, wanted), rootfs, state);
  }

  private void arg(Instruction i, String text) {
    for (String word : i.args()) {
      int eq = word.indexOf('=');
      String name = eq < 0 ? word : word.substring(0, eq);
      String value = request.buildArgs().get(name);
      if (value == null && eq >= 0) {
        value = Variables.expand(word.substring(eq + 1), state.variables());
      }
      if (value != null) {
        state.args.put(name, value);
      }
    }
    state.addEmpty(text);
  }

  /** The {@code k=v} words (or legacy {@code k v}) of ENV and LABEL, values expanded. */
  private Map<String, String> keyValues(Instruction i) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> words = i.args();
    if (words.size() >= 2 && words.get(0).indexOf('=') < 0) {
      out.put(
          words.get(0),
          Variables.expand(String.join(" ", words.subList(1, words.size())), state.variables()));
      return out;
    }
    for (String w : words) {
      int eq = w.indexOf('=');
      if (eq > 0) {
        out.put(w.substring(0, eq), Variables.expand(w.substring(eq + 1), state.variables()));
      }
    }
    return out;
  }

  /** The image extension: inherited and declared apps with APPENV/APPCMDS, env and launch. */
  ImageExtension extension(String sealerVersion) {
    kubefile
        .undeclaredApps()
        .forEach(
            (name, line) -> {
              if (!state.apps.containsKey(name)) {
                throw KubefileBuilder.kubefileError(
                    kubefile, line, "application " + name + " does not exist in the image");
              }
            });
    List<ImageApplication> apps = new ArrayList<>();
    for (ImageApplication app : state.apps.values()) {
      Map<String, String> env = new LinkedHashMap<>(app.env());
      env.putAll(kubefile.appEnv().getOrDefault(app.name(), Map.of()));
      ImageApplication a = app.withEnv(env);
      List<String> cmds = kubefile.appCmds().get(app.name());
      if (cmds != null) {
        a = a.withCmds(cmds);
      }
      if (a.type() == AppType.UNKNOWN && a.cmds().isEmpty()) {
        int line = kubefile.apps().containsKey(a.name()) ? kubefile.apps().get(a.name()).line() : 0;
        throw KubefileBuilder.kubefileError(
            kubefile, line, "app " + a.name() + " need to specify APPCMDS if no app type detected");
      }
      apps.add(a);
    }
    Map<String, String> env = new LinkedHashMap<>(state.globalEnv);
    env.putAll(kubefile.env());
    io.sealer.api.kubefile.Launch l = kubefile.launch();
    return new ImageExtension(
        new BuildClient(sealerVersion, ""),
        ImageExtension.SCHEMA_VERSION,
        request.type(),
        apps,
        Map.of(),
        env,
        new Launch(l.cmds(), l.appNames()));
  }

  /** The instruction as one line, e.g. {@code COPY app.yaml manifests/}. */
  static String render(Instruction i) {
    StringBuilder sb = new StringBuilder(i.keyword().name());
    i.flags().forEach((k, v) -> sb.append(" --").append(k).append(v.isEmpty() ? "" : "=" + v));
    if (i.json()) {
      List<String> items = i.args();
      if (i.keyword() == Keyword.APPCMDS) {
        sb.append(' ').append(items.get(0));
        items = items.subList(1, items.size());
      }
      try {
        sb.append(' ').append(JSON.writeValueAsString(items));
      } catch (JsonProcessingException e) {
        throw new SealerException("could not print instruction: " + e.getMessage(), e);
      }
    } else {
      i.args().forEach(a -> sb.append(' ').append(a));
    }
    return sb.toString();
  }
}
