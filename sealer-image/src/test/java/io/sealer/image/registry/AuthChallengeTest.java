package io.sealer.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthChallengeTest {
  @Test
  void parsesBearerWithQuotedParametersAndCommasInScope() {
    AuthChallenge c =
        AuthChallenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                    + "scope=\"repository:library/nginx:pull,push\"")
            .orElseThrow();
    assertThat(c.isBearer()).isTrue();
    assertThat(c.parameters())
        .containsEntry("realm", "https://auth.docker.io/token")
        .containsEntry("service", "registry.docker.io")
        .containsEntry("scope", "repository:library/nginx:pull,push");
  }

  @Test
  void parsesBasicRealmAndUnquotedValues() {
    AuthChallenge c = AuthChallenge.parse("Basic realm=test, charset=UTF-8").orElseThrow();
    assertThat(c.isBasic()).isTrue();
    assertThat(c.parameters()).containsEntry("realm", "test").containsEntry("charset", "UTF-8");
  }

  @Test
  void emptyHeaderHasNoChallenge() {
    assertThat(AuthChallenge.parse("  ")).isEmpty();
  }
}
