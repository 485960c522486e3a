package io.sealer.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.SealerException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK hands out the infra providers by name. */
class InfraProvidersTest {
  @TempDir Path root;

  @Test
  void providersByName() {
    Sealer sealer = Sealer.builder().root(root).build();
    assertThat(sealer.infra("local").name()).isEqualTo("local");
    assertThat(sealer.infra("baremetal").name()).isEqualTo("baremetal");
    assertThat(sealer.infra("local").status("nothere")).isEmpty();
    assertThatThrownBy(() -> sealer.infra("aws"))
        .isInstanceOf(SealerException.class)
        .hasMessage("could not find infra provider aws: known providers are baremetal, local");
  }
}
