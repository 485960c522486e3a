package io.sealer.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealer.api.ParseException;
import io.sealer.api.cluster.Clusterfile;
import io.sealer.api.cluster.ClusterfileCodec;
import io.sealer.api.cluster.TemplateRenderer;
import io.sealer.api.kubefile.Kubefile;
import io.sealer.api.kubefile.KubefileParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A bounded random-mutation fuzzer over Kubefiles, Clusterfiles and templates. Seeded inputs are
 * mutated (characters and tokens inserted, ranges deleted and duplicated, lines swapped); the only
 * exception allowed out of a parser is {@link ParseException}. Inputs that parse must also print
 * and parse back to the same model.
 *
 * <p>Runs {@code -Dsealer.fuzz.seconds} seconds per target (default 6, so about 20 s in CI) from
 * seed {@code -Dsealer.fuzz.seed} (default 1).
 */
class ParserFuzzTest {
  private static final long SECONDS = Long.getLong("sealer.fuzz.seconds", 6);
  private static final long SEED = Long.getLong("sealer.fuzz.seed", 1);

  private static final String[] TOKENS = {
    "FROM ",
    "COPY ",
    "RUN ",
    "APP ",
    "APPCMDS ",
    "APPENV ",
    "LAUNCH ",
    "CMDS ",
    "CMD ",
    "ENV ",
    "ARG ",
    "LABEL ",
    "CNI ",
    "KUBEVERSION ",
    "# escape=`\n",
    "# escape=\\\n",
    "\\\n",
    "`\n",
    "local://",
    "https://",
    "scratch",
    "[\"",
    "\"]",
    "[",
    "]",
    "\"",
    "'",
    "=",
    "--platform=",
    "\n---\n",
    "kind: Cluster\n",
    "kind: Config\n",
    "kind: Plugin\n",
    "kind: Application\n",
    "kind: KubeletConfiguration\n",
    "&a ",
    "*a",
    "!!binary ",
    "ips: [",
    "roles: [master]",
    "10.0.0.1-10.0.0.9",
    "fd00::1",
    "taints: [",
    ":NoSchedule",
    "{{",
    "}}",
    "{{-",
    "-}}",
    "{{ if ",
    "{{ end }}",
    "{{ else }}",
    "{{ range ",
    ".Key",
    " | b64enc",
    "(",
    ")",
    "$x := ",
    "\t",
    "\r",
    "\uFEFF",
    "\u0000",
    "é",
    "\uD83D\uDE00",
    "0x1F",
    "- ",
    ": ",
    "{",
    "}",
    "|\n"
  };

  @Test
  void kubefileParserThrowsOnlyParseExceptionAndRoundTrips() {
    KubefileParser parser = Parsers.kubefiles();
    fuzz(
        "Kubefile",
        List.of(
            "FROM scratch\nAPP nginx local://./a.yaml\nLAUNCH [\"nginx\"]\n",
            "FROM scratch\nCMDS [\"kubectl apply -f a.yaml\", \"b\"]\n",
            "# escape=`\nARG V=1\nFROM --platform=linux/amd64 base:${V}\nCOPY \"a b\" c\n"
                + "RUN echo hi `\n  && ls\nENV A=\"x y\" B=1\nAPP x local://x https://h/y\n"
                + "APPCMDS x [\"bash x.sh\"]\nAPPENV x k=v\nCNI c local://c.sh\nKUBEVERSION >=1.20\n"
                + "LABEL a=b\nMAINTAINER me\nCMD echo 1\n"),
        text -> {
          Kubefile k = parser.parse("Kubefile", text);
          Kubefile again = parser.parse("Kubefile", parser.print(k));
          assertThat(KubefileParserTest.withoutLines(again))
              .as("print/parse of %s", text)
              .isEqualTo(KubefileParserTest.withoutLines(k));
          assertThat(again.env()).isEqualTo(k.env());
          assertThat(again.apps().keySet()).isEqualTo(k.apps().keySet());
        });
  }

  @Test
  void clusterfileCodecThrowsOnlyParseExceptionAndRoundTrips() throws Exception {
    ClusterfileCodec codec = Parsers.clusterfiles();
    fuzz(
        "Clusterfile",
        List.of(
            ClusterfileCodecTest.example(),
            "kind: Cluster\nspec:\n  image: x\n  env: [A=1]\n  hosts:\n  - ips: [10.0.0.1-10.0.0.3]\n"
                + "    roles: [master]\n    taints: [a=b:NoSchedule, c-]\n---\nkind: Application\n"
                + "spec:\n  configs:\n  - name: a\n    launch: {cmds: [x]}\n"),
        text -> {
          Clusterfile cf = codec.read("Clusterfile", text);
          String written = codec.write(cf);
          assertThat(codec.read("Clusterfile", written)).as("write/read of %s", text).isEqualTo(cf);
        });
  }

  @Test
  void templateRendererThrowsOnlyParseException() {
    TemplateRenderer renderer = Parsers.templates();
    Map<String, Object> data = Map.of("Key", "v", "List", List.of("a", "b"), "M", Map.of("k", "v"));
    fuzz(
        "template",
        List.of(
            "a {{ .Key }} {{ .Key | b64enc | b64dec }}\n{{- if eq .Key \"v\" }}x{{ else }}y{{ end -}}",
            "{{ range $i, $v := .List }}{{ $i }}={{ $v }}{{ else }}none{{ end }}{{ with .M }}{{ .k }}{{ end }}"),
        text -> renderer.render("t.tmpl", text, data));
  }

  private static void fuzz(String target, List<String> seeds, Consumer<String> check) {
    Random random = new Random(SEED);
    long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
    List<String> corpus = new ArrayList<>(seeds);
    long tried = 0;
    long accepted = 0;
    while (System.nanoTime() < deadline) {
      String input = mutate(corpus.get(random.nextInt(corpus.size())), random);
      tried++;
      try {
        check.accept(input);
        accepted++;
        if (corpus.size() < 2_000 && random.nextInt(8) == 0) {
          corpus.add(input);
        }
      } catch (ParseException expected) {
        if (isInternalError(expected)) {
          throw new AssertionError(
              target
                  + " hit an internal error "
                  + expected.getCause()
                  + " for input:\n"
                  + escape(input),
              expected);
        }
      } catch (Throwable t) {
        throw new AssertionError(
            target + " threw " + t + " (not a ParseException) for input:\n" + escape(input), t);
      }
    }
    System.out.printf(
        "fuzz %s: %d inputs tried, %d accepted, seed %d%n", target, tried, accepted, SEED);
    assertThat(tried).isPositive();
  }

  /**
   * A parser turns its own bugs into a ParseException ("could not parse: ...") so that users still
   * get a file name; the fuzzer must count those as failures.
   */
  static boolean isInternalError(ParseException e) {
    return e.reason().startsWith("could not ");
  }

  private static String mutate(String s, Random r) {
    StringBuilder sb = new StringBuilder(s);
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      int at = sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1);
      switch (r.nextInt(7)) {
        case 0 -> sb.insert(at, (char) r.nextInt(128));
        case 1 -> sb.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
        case 2 -> {
          int end = Math.min(sb.length(), at + 1 + r.nextInt(12));
          sb.delete(Math.min(at, end), end);
        }
        case 3 -> {
          int end = Math.min(sb.length(), at + 1 + r.nextInt(40));
          sb.insert(at, sb.substring(Math.min(at, end), end));
        }
        case 4 -> {
          String[] lines = sb.toString().split("\n", -1);
          if (lines.length > 1) {
            int a = r.nextInt(lines.length);
            int b = r.nextInt(lines.length);
            String t = lines[a];
            lines[a] = lines[b];
            lines[b] = t;
            sb.setLength(0);
            sb.append(String.join("\n", lines));
          }
        }
        case 5 -> sb.insert(at, (char) (0x80 + r.nextInt(0x3000)));
        default -> {
          if (sb.length() > 0 && at < sb.length()) {
            sb.setCharAt(at, TOKENS[r.nextInt(TOKENS.length)].charAt(0));
          }
        }
      }
    }
    if (sb.length() > 20_000) {
      sb.setLength(20_000);
    }
    return sb.toString();
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(
          c == '\n'
              ? "\\n\n"
              : c < ' ' || c > '~' ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return sb.toString();
  }
}
