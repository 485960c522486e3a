package io.sealer.image.build;

import io.sealer.api.Digest;
import io.sealer.api.build.ImageApplication;
import io.sealer.filesystem.LayerDigests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a build has produced so far: the layers, the config's env, labels and history, the
 * applications, and the cache chain. Mutable; one per build.
 */
final class BuildState {
  /** A history entry of the image config. */
  record History(String createdBy, boolean emptyLayer, String comment) {}

  /** A layer of the image, with the media type it is stored as. */
  record Layer(LayerDigests digests, String mediaType) {}

  /** The build's directory and running processes, stopped and removed on a signal. */
  final BuildGuard guard;

  final List<Layer> layers = new ArrayList<>();
  final List<History> history = new ArrayList<>();

  /** The config env, in order (inherited first). */
  final Map<String, String> configEnv = new LinkedHashMap<>();

  /** The config labels, in order (inherited first). */
  final Map<String, String> labels = new LinkedHashMap<>();

  /** The --build-arg values, all visible to RUN even without an ARG. */
  final Map<String, String> buildArgs = new LinkedHashMap<>();

  /** The ARG values in scope. */
  final Map<String, String> args = new LinkedHashMap<>();

  /** The ENV values of this Kubefile (the extension's global env starts with the base's). */
  final Map<String, String> globalEnv = new LinkedHashMap<>();

  /** Applications by name: inherited ones first, then this Kubefile's. */
  final Map<String, ImageApplication> apps = new LinkedHashMap<>();

  /** The cache chain: a hash over the base and every layer so far. */
  String chain = "";

  String author = "";

  BuildState(BuildGuard guard) {
    this.guard = guard;
  }

  void addLayer(LayerDigests layer, String mediaType, String createdBy) {
    layers.add(new Layer(layer, mediaType));
    history.add(new History(createdBy, false, ""));
    chain = LayerCache.chain(chain, layer.diffId());
  }

  void addEmpty(String createdBy) {
    history.add(new History(createdBy, true, ""));
  }

  List<Digest> diffIds() {
    return layers.stream().map(l -> l.digests().diffId()).toList();
  }

  /** The env of RUN: every --build-arg, then ARGs, then ENV (ENV wins). */
  Map<String, String> runEnv() {
    Map<String, String> vars = new LinkedHashMap<>(buildArgs);
    vars.putAll(variables());
    return vars;
  }

  /** The variables visible to expansion: ARGs, then ENV (ENV wins). */
  Map<String, String> variables() {
    Map<String, String> vars = new LinkedHashMap<>(args);
    vars.putAll(configEnv);
    return vars;
  }
}
