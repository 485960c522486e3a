package io.sealer.parser;

import io.sealer.api.InvalidReferenceException;
import io.sealer.api.ParseException;
import io.sealer.api.Platform;
import io.sealer.api.kubefile.AppSource;
import io.sealer.api.kubefile.Instruction;
import io.sealer.api.kubefile.KeyValues;
import io.sealer.api.kubefile.Keyword;
import io.sealer.api.kubefile.Kubefile;
import io.sealer.api.kubefile.KubefileApp;
import io.sealer.api.kubefile.Launch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks the instructions against the rules of a Kubefile (order, exclusivity, app names, sources)
 * and collects the apps, env and launch section into a {@link Kubefile}.
 */
final class KubefileAssembler {
  private final String fileName;
  private final List<Instruction> instructions = new ArrayList<>();
  private final Map<String, KubefileApp> apps = new LinkedHashMap<>();
  private final Map<String, List<String>> appCmds = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> appEnv = new LinkedHashMap<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private final List<String> launchApps = new ArrayList<>();
  private final List<String> cmds = new ArrayList<>();
  private @Nullable Instruction from;
  private @Nullable Instruction terminal;
  private @Nullable Instruction firstCmd;

  KubefileAssembler(String fileName) {
    this.fileName = fileName;
  }

  void add(Instruction in) {
    checkOrder(in);
    switch (in.keyword()) {
      case FROM -> from(in);
      case COPY, ADD -> atLeast(in, 2, "a source and a destination");
      case ARG -> keyValues(in, false);
      case ENV -> {
        keyValues(in, true);
        KeyValues.putAll(in.args(), env);
      }
      case LABEL -> keyValues(in, true);
      case APP, CNI, CSI -> app(in);
      case APPCMDS -> {
        String name = existingApp(in, in.args().get(0));
        if (in.args().size() < 2) {
          throw error(in, "APPCMDS " + name + " needs at least one command");
        }
        appCmds.put(name, in.args().subList(1, in.args().size()));
      }
      case APPENV -> {
        atLeast(in, 2, "an app name and key=value pairs");
        String name = existingApp(in, in.args().get(0));
        List<String> pairs = in.args().subList(1, in.args().size());
        for (String pair : pairs) {
          if (pair.indexOf('=') <= 0) {
            throw error(in, "APPENV needs key=value pairs, got '" + pair + "'");
          }
        }
        KeyValues.putAll(pairs, appEnv.computeIfAbsent(name, k -> new LinkedHashMap<>()));
      }
      case LAUNCH -> {
        atLeast(in, 1, "at least one app name");
        for (String name : in.args()) {
          launchApps.add(existingApp(in, name));
        }
      }
      case CMDS -> {
        atLeast(in, 1, "at least one command");
        cmds.addAll(in.args());
      }
      case CMD -> cmds.addAll(in.args());
      default -> {}
    }
    instructions.add(in);
  }

  Kubefile build() {
    if (from == null) {
      throw new ParseException(fileName, 0, 0, "no FROM instruction: a Kubefile starts with FROM");
    }
    return new Kubefile(
        fileName, instructions, apps, appCmds, appEnv, env, new Launch(launchApps, cmds));
  }

  private void checkOrder(Instruction in) {
    Keyword k = in.keyword();
    if (from == null && k != Keyword.FROM && k != Keyword.ARG) {
      throw error(in, k + " before FROM: only ARG may come before FROM");
    }
    if (terminal != null) {
      Keyword t = terminal.keyword();
      if (k == t) {
        throw error(in, "only one " + k + " may be given");
      }
      if (k == Keyword.LAUNCH || k == Keyword.CMDS) {
        throw error(in, "LAUNCH and CMDS are mutually exclusive");
      }
      if (k == Keyword.CMD && t == Keyword.LAUNCH) {
        throw error(in, "CMD and LAUNCH are mutually exclusive");
      }
      throw error(terminal, t + " must be the last instruction");
    }
    if (k == Keyword.LAUNCH && firstCmd != null) {
      throw error(
          in, "CMD and LAUNCH are mutually exclusive (CMD at line " + firstCmd.line() + ")");
    }
    if (k == Keyword.LAUNCH || k == Keyword.CMDS) {
      terminal = in;
    }
    if (k == Keyword.CMD && firstCmd == null) {
      firstCmd = in;
    }
  }

  private void from(Instruction in) {
    if (from != null) {
      throw error(
          in,
          "only one FROM is supported (multi-stage Kubefiles are not), first at line "
              + from.line());
    }
    if (in.args().size() != 1) {
      throw error(in, "FROM takes one image (or scratch), got " + in.args().size() + " words");
    }
    for (Map.Entry<String, String> flag : in.flags().entrySet()) {
      if (!flag.getKey().equals("platform")) {
        throw error(in, "flag --" + flag.getKey() + " is not available in FROM");
      }
      String value = flag.getValue();
      if (!value.contains("$")) {
        try {
          Platform.parse(value);
        } catch (InvalidReferenceException e) {
          throw error(in, "invalid --platform '" + value + "': expected os/arch[/variant]");
        }
      }
    }
    from = in;
  }

  private void app(Instruction in) {
    atLeast(in, 2, "an app name and at least one source");
    String name = in.args().get(0);
    if (name.isEmpty()
        || name.equals(".")
        || name.equals("..")
        || name.contains("/")
        || name.contains("\\")
        || name.chars().anyMatch(c -> c < ' ' || c == ' ')) {
      throw error(in, "invalid app name '" + InstructionReader.printable(name) + "'");
    }
    List<AppSource> sources = new ArrayList<>();
    for (String src : in.args().subList(1, in.args().size())) {
      sources.add(source(in, src));
    }
    apps.remove(name);
    apps.put(name, new KubefileApp(name, in.keyword(), sources, in.line()));
  }

  private AppSource source(Instruction in, String src) {
    String schemeless;
    if (src.startsWith(AppSource.LOCAL)) {
      schemeless = src.substring(AppSource.LOCAL.length());
    } else if (src.startsWith("http://") || src.startsWith("https://")) {
      schemeless = src.substring(src.indexOf("://") + 3);
      int slash = schemeless.indexOf('/');
      String host = slash < 0 ? schemeless : schemeless.substring(0, slash);
      if (host.isEmpty()) {
        throw error(in, "source '" + src + "' of " + in.keyword() + " has no host");
      }
    } else {
      throw error(
          in,
          "source '"
              + InstructionReader.printable(src)
              + "' of "
              + in.keyword()
              + " must start with local://, http:// or https://");
    }
    if (schemeless.isEmpty()) {
      throw error(in, "source '" + src + "' of " + in.keyword() + " names no file");
    }
    return new AppSource(src);
  }

  private String existingApp(Instruction in, String name) {
    if (!apps.containsKey(name) && from != null && isScratch(from)) {
      throw error(
          in,
          "application "
              + InstructionReader.printable(name)
              + " does not exist in the image: declare it with APP, CNI or CSI before "
              + in.keyword());
    }
    return name;
  }

  private static boolean isScratch(Instruction from) {
    return Kubefile.SCRATCH.equalsIgnoreCase(from.args().get(0));
  }

  private void keyValues(Instruction in, boolean legacyPair) {
    List<String> words = in.args();
    if (legacyPair && words.size() >= 2 && words.get(0).indexOf('=') < 0) {
      return;
    }
    for (String w : words) {
      int eq = w.indexOf('=');
      if (eq == 0 || (eq < 0 && in.keyword() != Keyword.ARG) || w.isEmpty()) {
        throw error(in, in.keyword() + " needs key=value pairs, got '" + w + "'");
      }
    }
  }

  private void atLeast(Instruction in, int n, String what) {
    if (in.args().size() < n) {
      throw error(in, in.keyword() + " needs " + what);
    }
  }

  private ParseException error(Instruction in, String reason) {
    return new ParseException(fileName, in.line(), 0, reason);
  }
}
