package io.sealer.runtime.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact command line and stdin bytes a command is sent as. */
class CommandScriptTest {
  @Test
  void envIsSortedExportsWithPathDefaulted() {
    assertThat(CommandScript.exports(Map.of("foo", "bar", "IP", "127.0.0.1")))
        .isEqualTo(
            "export IP=\"127.0.0.1\"; export PATH=\"/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/bin\";"
                + " export foo=\"bar\"; ");
    assertThat(CommandScript.exports(Map.of("PATH", "/opt/bin")))
        .isEqualTo("export PATH=\"/opt/bin\"; ");
  }

  @Test
  void onlyTheFourSpecialCharactersAreEscaped() {
    assertThat(CommandScript.escapeDoubleQuoted("a\"b$c`d\\e'f\ng!h"))
        .isEqualTo("a\\\"b\\$c\\`d\\\\e'f\ng!h");
  }

  @Test
  void badEnvNamesAreRefused() {
    assertThatThrownBy(() -> CommandScript.exports(Map.of("A-B", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("A-B");
  }

  @Test
  void sudoWithPasswordSendsThePasswordFirstOnStdinAndNeverOnTheCommandLine() {
    CommandScript script =
        CommandScript.of("echo hi", Map.of("SECRET", "v4lue"), true, "pass word");
    String token = script.token();
    assertThat(new String(script.preamble(), StandardCharsets.UTF_8))
        .isEqualTo(
            "pass word\n"
                + token
                + "\nexport PATH=\""
                + CommandScript.DEFAULT_PATH
                + "\"; export SECRET=\"v4lue\"; echo hi\n"
                + token
                + "\n");
    assertThat(script.argv()).startsWith("sudo", "-S", "-p", "", "--", "/bin/bash", "-c");
    assertThat(script.commandLine())
        .startsWith("sudo -S -p '' -- /bin/bash -c '")
        .contains(token)
        .doesNotContain("pass word")
        .doesNotContain("v4lue")
        .doesNotContain("echo hi");
  }

  @Test
  void sudoWithoutPasswordMustNotPrompt() {
    CommandScript script = CommandScript.of("true", Map.of(), true, null);
    assertThat(script.argv()).startsWith("sudo", "-n", "--", "/bin/bash");
    assertThat(new String(script.preamble(), StandardCharsets.UTF_8))
        .startsWith(script.token() + "\n");
  }

  @Test
  void rootRunsBashDirectlyAndNeverSendsThePassword() {
    CommandScript script = CommandScript.of("true", Map.of(), false, "pw");
    assertThat(script.argv()).startsWith("/bin/bash", "-c");
    assertThat(new String(script.preamble(), StandardCharsets.UTF_8))
        .startsWith(script.token() + "\n")
        .doesNotContain("pw\n");
  }

  @Test
  void eachCommandGetsItsOwnToken() {
    assertThat(CommandScript.of("x", Map.of(), false, null).token())
        .isNotEqualTo(CommandScript.of("x", Map.of(), false, null).token());
  }

  @Test
  void aPasswordWithALineBreakIsRefused() {
    assertThatThrownBy(() -> CommandScript.of("x", Map.of(), true, "a\nb"))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("a\nb");
  }
}
