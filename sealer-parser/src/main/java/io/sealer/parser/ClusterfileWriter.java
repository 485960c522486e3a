package io.sealer.parser;

import io.sealer.api.cluster.AppConfig;
import io.sealer.api.cluster.AppFile;
import io.sealer.api.cluster.Application;
import io.sealer.api.cluster.Cluster;
import io.sealer.api.cluster.Clusterfile;
import io.sealer.api.cluster.Config;
import io.sealer.api.cluster.ExternalRegistry;
import io.sealer.api.cluster.Host;
import io.sealer.api.cluster.HostAlias;
import io.sealer.api.cluster.KubeadmDocument;
import io.sealer.api.cluster.LocalRegistry;
import io.sealer.api.cluster.Plugin;
import io.sealer.api.cluster.Ssh;
import io.sealer.api.cluster.Taint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.representer.StandardRepresenter;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/** Writes a {@link Clusterfile} as multi-document YAML; empty and unset fields are left out. */
final class ClusterfileWriter {
  private static final DumpSettings SETTINGS =
      DumpSettings.builder()
          .setDefaultFlowStyle(FlowStyle.BLOCK)
          .setSchema(new CoreSchema())
          .setWidth(Integer.MAX_VALUE)
          .build();

  String write(Clusterfile cf) {
    List<Object> docs = new ArrayList<>();
    docs.add(cluster(cf.cluster()));
    if (cf.application() != null) {
      docs.add(application(cf.application()));
    }
    cf.configs().forEach(c -> docs.add(config(c)));
    cf.plugins().forEach(p -> docs.add(plugin(p)));
    for (KubeadmDocument k : cf.kubeadm()) {
      docs.add(k.content());
    }
    return new Dump(SETTINGS, new LiteralRepresenter()).dumpAllToString(docs.iterator());
  }

  /** Writes multi-line strings as literal blocks, so that scripts and YAML data stay readable. */
  private static final class LiteralRepresenter extends StandardRepresenter {
    LiteralRepresenter() {
      super(SETTINGS);
    }

    @Override
    protected Node representScalar(Tag tag, String value, ScalarStyle style) {
      if (tag.equals(Tag.STR)
          && value.indexOf('\n') >= 0
          && value.chars().allMatch(c -> c == '\n' || (c >= ' ' && c != 0x7f))
          && !value.startsWith(" ")
          && !value.contains(" \n")
          && !value.endsWith(" ")) {
        return super.representScalar(tag, value, ScalarStyle.LITERAL);
      }
      return super.representScalar(tag, value, style);
    }
  }

  private static Map<String, Object> header(String apiVersion, String kind, String name) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", apiVersion);
    doc.put("kind", kind);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    doc.put("metadata", metadata);
    return doc;
  }

  private static Map<String, Object> cluster(Cluster c) {
    Map<String, Object> doc = header("sealer.io/v2", "Cluster", c.name());
    if (!c.annotations().isEmpty()) {
      Map<String, Object> metadata = new LinkedHashMap<>();
      metadata.put("name", c.name());
      metadata.put("annotations", c.annotations());
      doc.put("metadata", metadata);
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("image", c.image());
    putList(spec, "env", c.env());
    putList(spec, "cmd", c.cmd());
    putList(spec, "cmd_args", c.cmdArgs());
    if (c.appNames() != null) {
      spec.put("appNames", c.appNames());
    }
    spec.put("ssh", ssh(c.ssh()));
    List<Object> hosts = new ArrayList<>();
    for (Host h : c.hosts()) {
      Map<String, Object> host = new LinkedHashMap<>();
      host.put("ips", h.ips());
      host.put("roles", h.roles());
      if (h.ssh() != null) {
        host.put("ssh", ssh(h.ssh()));
      }
      putList(host, "env", h.env());
      if (!h.labels().isEmpty()) {
        host.put("labels", h.labels());
      }
      putList(host, "taints", h.taints().stream().map(Taint::toString).toList());
      hosts.add(host);
    }
    spec.put("hosts", hosts);
    if (c.containerRuntime() != null) {
      spec.put("containerRuntime", Map.of("type", c.containerRuntime()));
    }
    List<Object> aliases = new ArrayList<>();
    for (HostAlias a : c.hostAliases()) {
      Map<String, Object> alias = new LinkedHashMap<>();
      alias.put("ip", a.ip());
      alias.put("hostnames", a.hostnames());
      aliases.add(alias);
    }
    putList(spec, "hostAliases", aliases);
    Map<String, Object> registry = new LinkedHashMap<>();
    LocalRegistry local = c.registry().local();
    if (local != null) {
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("domain", local.domain());
      l.put("port", local.port());
      put(l, "username", local.username());
      put(l, "password", local.password());
      l.put("ha", local.ha());
      l.put("insecure", local.insecure());
      if (!local.certDnsNames().isEmpty() || !local.certIps().isEmpty()) {
        Map<String, Object> san = new LinkedHashMap<>();
        putList(san, "dnsNames", local.certDnsNames());
        putList(san, "ips", local.certIps());
        l.put("cert", Map.of("subjectAltName", san));
      }
      registry.put("localRegistry", l);
    }
    ExternalRegistry external = c.registry().external();
    if (external != null) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("domain", external.domain());
      put(e, "port", external.port());
      put(e, "username", external.username());
      put(e, "password", external.password());
      registry.put("externalRegistry", e);
    }
    spec.put("registry", registry);
    spec.put("dataRoot", c.dataRoot());
    doc.put("spec", spec);
    return doc;
  }

  private static Map<String, Object> ssh(Ssh s) {
    Map<String, Object> out = new LinkedHashMap<>();
    put(out, "user", s.user());
    put(out, "passwd", s.passwd());
    put(out, "pk", s.pk());
    put(out, "pkPasswd", s.pkPasswd());
    put(out, "port", s.port());
    put(out, "encrypted", s.encrypted());
    return out;
  }

  private static Map<String, Object> application(Application a) {
    Map<String, Object> doc = header("sealer.io/v2", "Application", a.name());
    Map<String, Object> spec = new LinkedHashMap<>();
    putList(spec, "cmds", a.cmds());
    if (a.launchApps() != null) {
      spec.put("launchApps", a.launchApps());
    }
    List<Object> configs = new ArrayList<>();
    for (AppConfig c : a.configs()) {
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("name", c.name());
      putList(config, "env", c.env());
      List<Object> files = new ArrayList<>();
      for (AppFile f : c.files()) {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("path", f.path());
        put(file, "strategy", f.strategy());
        file.put("data", f.data());
        files.add(file);
      }
      putList(config, "files", files);
      if (c.launchCmds() != null) {
        config.put("launch", Map.of("cmds", c.launchCmds()));
      }
      configs.add(config);
    }
    putList(spec, "configs", configs);
    doc.put("spec", spec);
    return doc;
  }

  private static Map<String, Object> config(Config c) {
    Map<String, Object> doc = header("sealer.io/v1", "Config", c.name());
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("path", c.path());
    put(spec, "appName", c.appName());
    put(spec, "strategy", c.strategy());
    put(spec, "process", c.process());
    spec.put("data", c.data());
    doc.put("spec", spec);
    return doc;
  }

  private static Map<String, Object> plugin(Plugin p) {
    Map<String, Object> doc = header("sealer.io/v1", "Plugin", p.name());
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("type", p.type());
    spec.put("action", p.action());
    if (!p.scope().isEmpty()) {
      spec.put("scope", p.scope());
    }
    spec.put("data", p.data());
    doc.put("spec", spec);
    return doc;
  }

  private static void put(Map<String, Object> map, String key, @Nullable Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static void putList(Map<String, Object> map, String key, List<?> value) {
    if (!value.isEmpty()) {
      map.put(key, value);
    }
  }
}
