package io.sealer.api.kubefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.ParseException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildArgsTest {
  @Test
  void valueKeepsEverythingAfterTheFirstEquals() {
    assertThat(BuildArgs.parse(List.of("TOKEN=a=b=c"))).isEqualTo(Map.of("TOKEN", "a=b=c"));
  }

  @Test
  void commaSeparatesOnlyWhenTheNextPartIsAnArg() {
    assertThat(BuildArgs.parse(List.of("A=1,B=2", "C=x,y")))
        .isEqualTo(Map.of("A", "1", "B", "2", "C", "x,y"));
  }

  @Test
  void laterWins() {
    assertThat(BuildArgs.parse(List.of("A=1", "A=2"))).isEqualTo(Map.of("A", "2"));
  }

  @Test
  void itemWithoutKeyValueIsRefused() {
    assertThatThrownBy(() -> BuildArgs.parse(List.of("A")))
        .isInstanceOf(ParseException.class)
        .hasMessage("--build-arg: build args should be key=value, got 'A'");
    assertThatThrownBy(() -> BuildArgs.parse(List.of("=x"))).isInstanceOf(ParseException.class);
  }
}
