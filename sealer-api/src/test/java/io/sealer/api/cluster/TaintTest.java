package io.sealer.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sealer's taint parsing cases (spec §9.3, pkg/infradriver). */
class TaintTest {

  @Test
  void keyValueEffect() {
    assertThat(Taint.parse("key1=value1:NoSchedule"))
        .isEqualTo(new Taint("key1", "value1", "NoSchedule", false));
  }

  @Test
  void emptyValues() {
    assertThat(Taint.parse("key2=:PreferNoSchedule"))
        .isEqualTo(new Taint("key2", "", "PreferNoSchedule", false));
    assertThat(Taint.parse("key3=:NoExecute")).isEqualTo(new Taint("key3", "", "NoExecute", false));
    assertThat(Taint.parse("key5:NoExecute")).isEqualTo(new Taint("key5", "", "NoExecute", false));
  }

  @Test
  void removalOfOneEffect() {
    Taint t = Taint.parse("key4:NoExecute-");
    assertThat(t).isEqualTo(new Taint("key4", "", "NoExecute", true));
    assertThat(t.toString()).isEqualTo("key4:NoExecute-");
  }

  @Test
  void removalOfAKey() {
    Taint t = Taint.parse("key7-");
    assertThat(t).isEqualTo(new Taint("key7", "", "", true));
    assertThat(t.toString()).isEqualTo("key7-");
  }

  @Test
  void prefixedKey() {
    assertThat(Taint.parse("node-role.kubernetes.io/master:NoSchedule").key())
        .isEqualTo("node-role.kubernetes.io/master");
  }

  @ParameterizedTest(name = "invalid: \"{0}\"")
  @ValueSource(
      strings = {"", "key", "key=value", "key=v:Never", ":NoSchedule", "k y:NoSchedule", "-"})
  void invalidTaints(String text) {
    assertThatThrownBy(() -> Taint.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringParsesBack() {
    for (String s : new String[] {"a=b:NoSchedule", "a:NoExecute", "a=b:PreferNoSchedule-", "a-"}) {
      assertThat(Taint.parse(Taint.parse(s).toString())).isEqualTo(Taint.parse(s));
    }
  }
}
