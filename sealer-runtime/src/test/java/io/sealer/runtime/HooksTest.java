package io.sealer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.SealerException;
import io.sealer.api.cluster.Plugin;
import java.util.List;
import org.junit.jupiter.api.Test;

class HooksTest {
  private static Plugin p(String name, String action, String scope) {
    return new Plugin(name, "SHELL", action, scope, "echo " + name);
  }

  @Test
  void hostPhaseSelectsByRoleAndSortsByName() {
    Hooks hooks =
        new Hooks(
            List.of(
                p("b", "pre-init-host", "master"),
                p("a", "pre-init-host|post-init-host", "node|master"),
                p("c", "pre-init-host", "db"),
                p("d", "post-install", "")));
    assertThat(hooks.host("pre-init-host", List.of("master")))
        .extracting(Plugin::name)
        .containsExactly("a", "b");
    assertThat(hooks.host("pre-init-host", List.of("node")))
        .extracting(Plugin::name)
        .containsExactly("a");
    assertThat(hooks.host("post-init-host", List.of("db"))).isEmpty();
    assertThat(hooks.cluster("post-install")).extracting(Plugin::name).containsExactly("d");
  }

  @Test
  void anEmptyScopeMeansEveryHost() {
    Hooks hooks = new Hooks(List.of(p("x", "post-init-host", "")));
    assertThat(hooks.host("post-init-host", List.of("node"))).hasSize(1);
    assertThat(hooks.host("post-init-host", List.of())).hasSize(1);
  }

  @Test
  void unknownTypesAndPhasesAreRefusedUpFront() {
    assertThatThrownBy(() -> new Hooks(List.of(new Plugin("x", "LABEL", "pre-install", "", ""))))
        .isInstanceOf(SealerException.class)
        .hasMessageContaining("hook type: LABEL is not registered");
    assertThatThrownBy(() -> new Hooks(List.of(p("y", "pre-instal", ""))))
        .isInstanceOf(SealerException.class)
        .hasMessageContaining("unknown phase 'pre-instal'");
  }

  @Test
  void cleanPhasesSkipHostsWithoutTheRootfs() {
    Plugin hook = p("z", "pre-clean-host", "");
    assertThat(Hooks.script(hook, "/var/lib/sealer/data/c/rootfs", "pre-clean-host"))
        .isEqualTo(
            "if [ ! -d '/var/lib/sealer/data/c/rootfs' ]; then exit 0; fi; cd"
                + " '/var/lib/sealer/data/c/rootfs' && echo z");
    assertThat(Hooks.script(hook, "/r o", "post-install")).isEqualTo("cd '/r o' && echo z");
  }
}
