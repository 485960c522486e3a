package io.sealer.filesystem.distribute;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostRecordTest {

  @Test
  void awkwardNamesAndLinksSurviveARoundTrip() {
    List<HostEntry> entries =
        List.of(
            new HostEntry(
                "odd dir/new\nline\tand %41", 'f', "644", 3, "1.5", "1.6", "42", "", "ab"),
            new HostEntry("it's \"quoted\"", 'l', "777", 5, "2.0", "2.0", "43", "-", ""),
            new HostEntry("dir", 'd', "555", 4096, "3.0", "3.0", "44", "", ""),
            new HostEntry("ünïcode", 'l', "777", 5, "2.0", "2.0", "45", "../a b\n", ""));
    int[] rejected = {0};

    Map<String, HostEntry> decoded =
        HostRecord.decode(new String(HostRecord.encode(entries), StandardCharsets.UTF_8), rejected);

    assertThat(decoded.values()).containsExactlyElementsOf(entries);
    assertThat(rejected[0]).isZero();
  }

  @Test
  void linesWithUnsafePathsOrTheWrongShapeAreDropped() {
    String text =
        HostRecord.HEADER
            + "\nf\t644\t1\t-\t-\t-\t-\t-\t../../etc/passwd"
            + "\nf\t644\t1\t-\t-\t-\t-\t-\t/etc/passwd"
            + "\nf\t644\t1\t-\t-\t-\t-\t-\ta/%2E%2E/%2E%2E/x"
            + "\nf\t644\tnot-a-number\t-\t-\t-\t-\t-\tok"
            + "\nf\t644\t1\t-\t-\t-\t-\t-\tfine\n";
    int[] rejected = {0};

    Map<String, HostEntry> decoded = HostRecord.decode(text, rejected);

    assertThat(decoded).containsOnlyKeys("fine");
    assertThat(rejected[0]).isEqualTo(4);
  }

  @Test
  void aRecordWithoutItsHeaderIsIgnored() {
    int[] rejected = {0};
    assertThat(HostRecord.decode("f\t644\t1\t-\t-\t-\t-\t-\tx\n", rejected)).isEmpty();
  }
}
