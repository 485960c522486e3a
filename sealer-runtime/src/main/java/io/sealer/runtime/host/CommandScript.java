package io.sealer.runtime.host;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How one command reaches a host's shell without its text, env or the sudo password ever being on a
 * command line. The command line is a fixed bootstrap ({@code /bin/bash -c '...'}, behind {@code
 * sudo} for a non-root user) holding only a random token; everything else goes over stdin:
 *
 * <pre>
 * [password LF]          only with sudo and a password; read by sudo -S (or skipped by the bootstrap)
 * token LF
 * export K="V"; ... script LF
 * token LF
 * the command's own stdin
 * </pre>
 *
 * The bootstrap first prints {@code \036sealer-pid <pgid>} on stderr, its process group (so a stuck
 * command and everything it started can be killed, and so a failed {@code sudo} is told apart from
 * a failed script), skips lines up to the token, reads the script up to the next token line and
 * runs it with {@code eval}; bash reads a pipe byte by byte, so the rest of stdin is left for the
 * script.
 */
final class CommandScript {
  /** The PATH a command gets when its env does not set one (Sealer's default). */
  static final String DEFAULT_PATH = "/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/bin";

  /** The first stderr line of every command, followed by the shell's process group id. */
  static final String PID_MARKER = "\036sealer-pid ";

  /** Exit status of the bootstrap when its stdin ended before the whole script arrived. */
  static final int TRUNCATED_SCRIPT = 97;

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String token;
  private final List<String> argv;
  private final byte[] preamble;

  private CommandScript(String token, List<String> argv, byte[] preamble) {
    this.token = token;
    this.argv = List.copyOf(argv);
    this.preamble = preamble;
  }

  /**
   * Prepares {@code script} with {@code env}.
   *
   * @param sudo whether to run it through {@code sudo}
   * @param password the sudo password, fed on stdin ahead of everything else, or null for {@code
   *     sudo -n}
   */
  static CommandScript of(
      String script, Map<String, String> env, boolean sudo, @Nullable String password) {
    String body = exports(env) + script + "\n";
    String token = newToken();
    while (body.contains(token)) {
      token = newToken();
    }
    List<String> argv = new ArrayList<>();
    if (sudo) {
      argv.add("sudo");
      if (password != null) {
        argv.addAll(List.of("-S", "-p", ""));
      } else {
        argv.add("-n");
      }
      argv.add("--");
    }
    argv.addAll(List.of("/bin/bash", "-c", bootstrap(token)));
    StringBuilder in = new StringBuilder();
    if (sudo && password != null) {
      if (password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("a sudo password cannot contain a line break");
      }
      in.append(password).append('\n');
    }
    in.append(token).append('\n').append(body).append(token).append('\n');
    return new CommandScript(token, argv, in.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The env as Sealer applies it: sorted {@code export K="V"; } prefixes, PATH defaulted. */
  static String exports(Map<String, String> env) {
    Map<String, String> all = new java.util.TreeMap<>(env);
    all.putIfAbsent("PATH", DEFAULT_PATH);
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> entry : all.entrySet()) {
      if (!ENV_NAME.matcher(entry.getKey()).matches()) {
        throw new IllegalArgumentException("not a valid env variable name: " + entry.getKey());
      }
      out.append("export ")
          .append(entry.getKey())
          .append("=\"")
          .append(escapeDoubleQuoted(entry.getValue()))
          .append("\"; ");
    }
    return out.toString();
  }

  /** Escapes the four characters that keep their meaning inside a double-quoted shell word. */
  static String escapeDoubleQuoted(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c == '"' || c == '$' || c == '`') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /** Quotes one word for a POSIX shell. */
  static String quote(String word) {
    if (!word.isEmpty() && word.matches("[A-Za-z0-9_./=:,+@%-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** The command line, as words (for a local process). Holds no secret. */
  List<String> argv() {
    return argv;
  }

  /** The command line as one shell string (for an SSH exec request). Holds no secret. */
  String commandLine() {
    StringBuilder out = new StringBuilder();
    for (String word : argv) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(quote(word));
    }
    return out.toString();
  }

  /** The bytes to send on stdin before the command's own stdin. May hold the sudo password. */
  byte[] preamble() {
    return preamble.clone();
  }

  String token() {
    return token;
  }

  /**
   * A script that stops process group {@code pgid}: TERM, then KILL if anything of it is still
   * there two seconds later. Used for a command past its time limit or whose input failed.
   */
  static String killScript(long pgid) {
    if (pgid <= 1) {
      throw new IllegalArgumentException("not a process group to stop: " + pgid);
    }
    return "p="
        + pgid
        + "; kill -TERM -- -$p 2>/dev/null || kill -TERM $p 2>/dev/null;"
        + " for i in 1 2 3 4 5 6 7 8 9 10; do"
        + " kill -0 -- -$p 2>/dev/null || kill -0 $p 2>/dev/null || exit 0; sleep 0.2; done;"
        + " kill -KILL -- -$p 2>/dev/null; kill -KILL $p 2>/dev/null; exit 0";
  }

  private static String bootstrap(String token) {
    return "read -r _ _ _ _ g _ 2>/dev/null </proc/$$/stat || g=$$; printf '"
        + PID_MARKER.replace("\036", "\\036")
        + "%s\\n' \"$g\" >&2; T="
        + token
        + "; while IFS= read -r l; do [ \"$l\" = \"$T\" ] && break; done;"
        + " __sealer_script=; ok=; while IFS= read -r l; do"
        + " if [ \"$l\" = \"$T\" ]; then ok=1; break; fi; __sealer_script+=\"$l\"$'\\n'; done;"
        + " [ -n \"$ok\" ] || exit "
        + TRUNCATED_SCRIPT
        + "; unset l T ok g; eval \"unset __sealer_script; $__sealer_script\"";
  }

  private static String newToken() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return "sealer-" + HexFormat.of().formatHex(bytes);
  }

  @Override
  public String toString() {
    return "CommandScript[" + commandLine() + "]";
  }
}
