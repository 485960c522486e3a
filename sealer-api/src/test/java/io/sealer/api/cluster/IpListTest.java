package io.sealer.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.ParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sealer's ValidateIPStr cases (spec §9.3) and ranges. */
class IpListTest {

  @ParameterizedTest(name = "valid: {0}")
  @ValueSource(
      strings = {"1.1.1.1", "1.1.1.1,2.2.2.2", "1.1.1.1-1.1.1.255", "fd00::1", "fd00::1-fd00::3"})
  void validateIpStrValidCases(String text) {
    assertThat(IpList.parse(text)).isNotEmpty();
  }

  @ParameterizedTest(name = "invalid: \"{0}\"")
  @ValueSource(
      strings = {
        "",
        "1.1.1.1,2.2.2",
        "1.1.1.1,",
        "1.1.1.1,2.2.2.345",
        ",",
        "a-b-c",
        "1.1.1.1-",
        "-",
        "1.1.1.2-1.1.1.1",
        "1.1.1.1-1.1.1.1",
        "01.1.1.1",
        "host.example.com",
        "1.1.1.1-fd00::1"
      })
  void validateIpStrInvalidCases(String text) {
    assertThatThrownBy(() -> IpList.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rangesExpandInclusive() {
    assertThat(IpList.parse("10.0.0.254-10.0.1.1,10.0.0.9"))
        .containsExactly("10.0.0.254", "10.0.0.255", "10.0.1.0", "10.0.1.1", "10.0.0.9");
    assertThat(IpList.parse("fd00::ffff-fd00::1:1"))
        .containsExactly("fd00::ffff", "fd00::1:0", "fd00::1:1");
    assertThat(IpList.parse("FD00:0:0:0:0:0:0:1")).containsExactly("fd00::1");
  }

  @Test
  void rangeStartMustBeLowerThanEnd() {
    assertThatThrownBy(() -> IpList.parse("1.1.1.9-1.1.1.1"))
        .hasMessage("invalid IP range '1.1.1.9-1.1.1.1': the first IP must be lower than the last");
  }

  @Test
  void hugeRangesAreRefused() {
    assertThatThrownBy(() -> IpList.parse("10.0.0.0-10.255.255.255"))
        .hasMessageContaining("too large");
  }

  @Test
  void parseExceptionNamesThePlace() {
    assertThatThrownBy(() -> IpList.parse("10.0.0.345", "--masters", 0, "-m"))
        .isInstanceOf(ParseException.class)
        .hasMessage("--masters: invalid IP 10.0.0.345 in -m");
  }

  @Test
  void serviceIpsOfACidr() {
    assertThat(IpList.nthInCidr("10.96.0.0/22", 1)).isEqualTo("10.96.0.1");
    assertThat(IpList.nthInCidr("10.96.3.7/22", 10)).isEqualTo("10.96.0.10");
    assertThat(IpList.nthInCidr("fd00:10:96::/112", 10)).isEqualTo("fd00:10:96::a");
  }
}
