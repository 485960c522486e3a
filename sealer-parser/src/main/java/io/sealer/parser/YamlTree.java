package io.sealer.parser;

import io.sealer.api.ParseException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A YAML node with its path ({@code spec.hosts[0].ips}) and file, so that every value read from a
 * Clusterfile can be refused with its line and name.
 */
final class YamlTree {
  private static final int MAX_DEPTH = 100;
  private static final int MAX_NODES = 200_000;

  private final String file;
  private final String path;
  private final Node node;

  YamlTree(String file, String path, Node node) {
    this.file = file;
    this.path = path;
    this.node = node;
  }

  String path() {
    return path;
  }

  int line() {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  ParseException error(String reason) {
    int column = node.getStartMark().map(m -> m.getColumn() + 1).orElse(0);
    return new ParseException(file, line(), column, reason);
  }

  boolean isNull() {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  boolean isMap() {
    return node instanceof MappingNode;
  }

  /** The value of a key of this mapping; empty if absent or null. */
  Optional<YamlTree> get(String key) {
    if (!(node instanceof MappingNode m)) {
      throw error(path + " must be a mapping");
    }
    YamlTree found = null;
    for (NodeTuple t : m.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        found = new YamlTree(file, path.isEmpty() ? key : path + "." + key, t.getValueNode());
      }
    }
    return found == null || found.isNull() ? Optional.empty() : Optional.of(found);
  }

  /** The keys and values of this mapping, in order. */
  Map<String, YamlTree> entries() {
    if (!(node instanceof MappingNode m)) {
      throw error(path + " must be a mapping");
    }
    Map<String, YamlTree> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        throw new YamlTree(file, path, t.getKeyNode()).error("keys of " + path + " must be text");
      }
      out.put(k.getValue(), new YamlTree(file, path + "." + k.getValue(), t.getValueNode()));
    }
    return out;
  }

  /** The items of this sequence. */
  List<YamlTree> list() {
    if (!(node instanceof SequenceNode s)) {
      throw error(path + " must be a list");
    }
    List<YamlTree> out = new ArrayList<>();
    for (int i = 0; i < s.getValue().size(); i++) {
      out.add(new YamlTree(file, path + "[" + i + "]", s.getValue().get(i)));
    }
    return out;
  }

  String string() {
    if (!(node instanceof ScalarNode s)) {
      throw error(path + " must be a single value");
    }
    return s.getValue();
  }

  List<String> strings() {
    List<String> out = new ArrayList<>();
    for (YamlTree item : list()) {
      out.add(item.isNull() ? "" : item.string());
    }
    return out;
  }

  Map<String, String> stringMap() {
    Map<String, String> out = new LinkedHashMap<>();
    entries().forEach((k, v) -> out.put(k, v.isNull() ? "" : v.string()));
    return out;
  }

  boolean bool() {
    String v = string().toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw error("invalid " + path + " '" + string() + "': expected true or false");
  }

  int port() {
    String v = string().trim();
    try {
      int p = Integer.parseInt(v);
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw error("invalid port '" + v + "' in " + path + ": expected 1-65535");
  }

  /** The node as plain Java maps, lists and scalars (for kubeadm documents). */
  @Nullable Object toJava() {
    int[] budget = {MAX_NODES};
    return toJava(node, 0, budget);
  }

  private @Nullable Object toJava(Node n, int depth, int[] budget) {
    if (depth > MAX_DEPTH || --budget[0] < 0) {
      throw error(path + " is nested too deeply or expands to too many values");
    }
    if (n instanceof MappingNode m) {
      Map<String, @Nullable Object> out = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)) {
          throw new YamlTree(file, path, t.getKeyNode()).error("keys of " + path + " must be text");
        }
        out.put(k.getValue(), toJava(t.getValueNode(), depth + 1, budget));
      }
      return Collections.unmodifiableMap(out);
    }
    if (n instanceof SequenceNode s) {
      List<@Nullable Object> out = new ArrayList<>();
      for (Node item : s.getValue()) {
        out.add(toJava(item, depth + 1, budget));
      }
      return Collections.unmodifiableList(out);
    }
    ScalarNode s = (ScalarNode) n;
    return scalar(s.getTag(), s.getValue());
  }

  private static @Nullable Object scalar(Tag tag, String v) {
    if (tag.equals(Tag.NULL)) {
      return null;
    }
    if (tag.equals(Tag.BOOL)) {
      return v.equalsIgnoreCase("true");
    }
    try {
      if (tag.equals(Tag.INT)) {
        String digits = v.replace("_", "");
        boolean neg = digits.startsWith("-");
        String body = digits.replaceFirst("^[-+]", "");
        int radix = 10;
        if (body.startsWith("0x")) {
          radix = 16;
          body = body.substring(2);
        } else if (body.startsWith("0o")) {
          radix = 8;
          body = body.substring(2);
        }
        BigInteger b = new BigInteger(body, radix);
        b = neg ? b.negate() : b;
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
      }
      if (tag.equals(Tag.FLOAT)) {
        String f = v.toLowerCase(Locale.ROOT);
        if (f.endsWith(".inf")) {
          return f.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (f.equals(".nan")) {
          return Double.NaN;
        }
        return Double.parseDouble(v);
      }
    } catch (NumberFormatException e) {
      return v;
    }
    return v;
  }
}
