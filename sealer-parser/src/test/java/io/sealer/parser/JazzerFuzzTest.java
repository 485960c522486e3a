package io.sealer.parser;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sealer.api.ParseException;
import io.sealer.api.cluster.Clusterfile;
import io.sealer.api.cluster.ClusterfileCodec;
import io.sealer.api.kubefile.Kubefile;
import io.sealer.api.kubefile.KubefileParser;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Coverage-guided fuzzing with Jazzer. Without {@code JAZZER_FUZZ=1} (as in CI) each test only
 * replays its stored inputs; with it, Jazzer fuzzes for {@code maxDuration}. Only {@link
 * ParseException} may escape, and what parses must print and parse back to the same model.
 */
class JazzerFuzzTest {
  private static final KubefileParser KUBEFILES = Parsers.kubefiles();
  private static final ClusterfileCodec CLUSTERFILES = Parsers.clusterfiles();

  @FuzzTest(maxDuration = "2m")
  void kubefile(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    Kubefile k;
    try {
      k = KUBEFILES.parse("Kubefile", text);
    } catch (ParseException expected) {
      check(expected);
      return;
    }
    Kubefile again = KUBEFILES.parse("Kubefile", KUBEFILES.print(k));
    if (!KubefileParserTest.withoutLines(again).equals(KubefileParserTest.withoutLines(k))) {
      throw new AssertionError("print/parse changed the Kubefile:\n" + text);
    }
  }

  @FuzzTest(maxDuration = "2m")
  void clusterfile(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    Clusterfile cf;
    try {
      cf = CLUSTERFILES.read("Clusterfile", text);
    } catch (ParseException expected) {
      check(expected);
      return;
    }
    if (!CLUSTERFILES.read("Clusterfile", CLUSTERFILES.write(cf)).equals(cf)) {
      throw new AssertionError("write/read changed the Clusterfile:\n" + text);
    }
  }

  @FuzzTest(maxDuration = "2m")
  void template(byte[] data) {
    try {
      Parsers.templates()
          .render("t.tmpl", new String(data, StandardCharsets.UTF_8), Map.of("Key", "v"));
    } catch (ParseException expected) {
      check(expected);
    }
  }

  private static void check(ParseException e) {
    if (ParserFuzzTest.isInternalError(e)) {
      throw new AssertionError("internal error wrapped as ParseException", e);
    }
  }
}
