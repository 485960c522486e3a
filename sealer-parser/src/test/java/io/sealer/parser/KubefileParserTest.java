package io.sealer.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.ParseException;
import io.sealer.api.kubefile.AppSource;
import io.sealer.api.kubefile.Instruction;
import io.sealer.api.kubefile.Keyword;
import io.sealer.api.kubefile.Kubefile;
import io.sealer.api.kubefile.KubefileParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The acceptance cases of spec §1.8 and the rules of §1.1-§1.2. */
class KubefileParserTest {
  private final KubefileParser parser = Parsers.kubefiles();

  private Kubefile parse(String text) {
    return parser.parse("Kubefile", text);
  }

  private void refused(String text, String message) {
    assertThatThrownBy(() -> parse(text)).isInstanceOf(ParseException.class).hasMessage(message);
  }

  @Test
  void testParserKubeApp() {
    Kubefile k =
        parse(
            "FROM scratch\n"
                + "APP nginx local://./test/kube-nginx-deployment/deployment.yaml\n"
                + "LAUNCH [\"nginx\"]\n");
    assertThat(k.isScratch()).isTrue();
    assertThat(k.apps()).containsOnlyKeys("nginx");
    assertThat(k.apps().get("nginx").sources())
        .containsExactly(new AppSource("local://./test/kube-nginx-deployment/deployment.yaml"));
    assertThat(k.apps().get("nginx").sources().get(0).localPath())
        .isEqualTo("./test/kube-nginx-deployment/deployment.yaml");
    assertThat(k.apps().get("nginx").appRoot()).isEqualTo("application/apps/nginx/");
    assertThat(k.launch().appNames()).containsExactly("nginx");
    assertThat(k.launch().cmds()).isEmpty();
    assertThat(k.instructions()).extracting(Instruction::line).containsExactly(1, 2, 3);
  }

  @Test
  void testParserHelmApp() {
    Kubefile k =
        parse(
            "FROM scratch\nAPP github-app local://./test/brigade-github-app\nLAUNCH github-app\n");
    assertThat(k.apps().get("github-app").kind()).isEqualTo(Keyword.APP);
    assertThat(k.launch().appNames()).containsExactly("github-app");
    assertThat(k.instructions().get(2).json()).isFalse();
  }

  @Test
  void testParserCmds() {
    Kubefile k =
        parse("FROM scratch\nCMDS [\"kubectl apply -f abc.yaml\", \"kubectl apply -f bcd.yaml\"]");
    assertThat(k.apps()).isEmpty();
    assertThat(k.launch().cmds())
        .containsExactly("kubectl apply -f abc.yaml", "kubectl apply -f bcd.yaml");
    assertThat(k.launch().appNames()).isEmpty();
  }

  @Test
  void testParserEnv() {
    Kubefile k =
        parse(
            "FROM scratch\n"
                + "ENV globalKey=globalValue\n"
                + "APP app1 local://app1.yaml\n"
                + "APPENV app1 key1=value1 key2=value2\n"
                + "APPENV app1 key1=value3 key2=value3\n");
    assertThat(k.env()).isEqualTo(Map.of("globalKey", "globalValue"));
    assertThat(k.appEnv().get("app1")).isEqualTo(Map.of("key1", "value3", "key2", "value3"));
  }

  @Test
  void sampleAppKubefileOfSealer0110() {
    Kubefile k =
        parse(
            "FROM scratch\nLABEL owner=peer-test\nENV globalKey=globalValue\n"
                + "COPY hello.txt files/\nAPP app1 local://nginx.yaml\n"
                + "APPENV app1 key1=value1 key2=value2\nLAUNCH [\"app1\"]\n");
    assertThat(k.labels()).containsEntry("owner", "peer-test");
    assertThat(k.instructions().get(3).args()).containsExactly("hello.txt", "files/");
    assertThat(k.launch().appNames()).containsExactly("app1");
  }

  @Test
  void keywordsInAnyCaseIncludingEnvCmdAppcmds() {
    Kubefile k =
        parse(
            "from scratch\nenv a=b\napp x local://x.sh\nappcmds x [\"bash x.sh\"]\n"
                + "Appenv x k=v\ncmd echo hi\n");
    assertThat(k.env()).containsEntry("a", "b");
    assertThat(k.appCmds().get("x")).containsExactly("bash x.sh");
    assertThat(k.launch().cmds()).containsExactly("echo hi");
  }

  @Test
  void v08KubefileParses() {
    Kubefile k =
        parse(
            "  FROM kubernetes:1.18.2  \n# a comment\nCOPY . .\n"
                + "RUN echo \"Config ssh ...\" \\\n    && echo \"PermitRootLogin yes\" >>"
                + " /etc/ssh/sshd_config\nCMD kubectl apply -f etc/tigera-operator.yaml\n");
    assertThat(k.from()).isEqualTo("kubernetes:1.18.2");
    assertThat(k.instructions().get(2).args())
        .containsExactly(
            "echo \"Config ssh ...\"     && echo \"PermitRootLogin yes\" >> /etc/ssh/sshd_config");
    assertThat(k.launch().cmds()).containsExactly("kubectl apply -f etc/tigera-operator.yaml");
  }

  @Test
  void continuationsSkipCommentsAndBlankLinesAndKeepStartLine() {
    Kubefile k = parse("FROM scratch\nRUN a \\\n\n# note\n  b\nCOPY x y\n");
    assertThat(k.instructions().get(1).args()).containsExactly("a   b");
    assertThat(k.instructions().get(2).line()).isEqualTo(6);
  }

  @Test
  void escapeDirectiveChangesContinuation() {
    Kubefile k = parse("# escape=`\nFROM scratch\nRUN dir c:\\ `\n  && echo\n");
    assertThat(k.instructions().get(1).args()).containsExactly("dir c:\\   && echo");
  }

  @Test
  void escapeDirectiveRules() {
    refused(
        "# escape=x\nFROM scratch",
        "Kubefile:1:1: invalid escape character 'x': it must be \\ or a backtick");
    refused(
        "# escape=`\n# escape=\\\nFROM scratch",
        "Kubefile:2:1: only one escape parser directive can be used");
    // after an instruction it is a comment
    assertThat(parse("FROM scratch\n# escape=x\n").instructions()).hasSize(1);
  }

  @Test
  void inlineCommentsAreNotComments() {
    refused("FROM x # comment", "Kubefile:1: FROM takes one image (or scratch), got 3 words");
  }

  @Test
  void fromPlatformFlag() {
    Kubefile k = parse("FROM --platform=linux/arm64 docker.io/sealerio/kubernetes:v1.22.15");
    assertThat(k.fromPlatform()).contains("linux/arm64");
    assertThat(k.isScratch()).isFalse();
    refused("FROM --chown=1 x", "Kubefile:1: flag --chown is not available in FROM");
    refused(
        "FROM --platform=linux/ x",
        "Kubefile:1: invalid --platform 'linux/': expected os/arch[/variant]");
    refused("FROM", "Kubefile:1: FROM needs arguments");
    refused("FROM --platform=linux/amd64", "Kubefile:1: FROM needs arguments");
  }

  @Test
  void unknownInstructionRefused() {
    assertThatThrownBy(() -> parse("FROM scratch\nWORKDIR /x"))
        .isInstanceOf(ParseException.class)
        .hasMessageStartingWith(
            "Kubefile:2: unknown instruction WORKDIR: a Kubefile supports FROM,");
  }

  @Test
  void launchMustBeLastAndAlone() {
    refused(
        "FROM scratch\nAPP a local://a.yaml\nLAUNCH a\nCOPY x y",
        "Kubefile:3: LAUNCH must be the last instruction");
    refused(
        "FROM scratch\nAPP a local://a.yaml\nLAUNCH a\nLAUNCH a",
        "Kubefile:4: only one LAUNCH may be given");
    refused("FROM scratch\nCMDS a\nCMDS b", "Kubefile:3: only one CMDS may be given");
    refused("FROM scratch\nCMDS a\nCOPY a b", "Kubefile:2: CMDS must be the last instruction");
    refused(
        "FROM scratch\nAPP a local://a.yaml\nLAUNCH a\nCMDS x",
        "Kubefile:4: LAUNCH and CMDS are mutually exclusive");
    refused(
        "FROM scratch\nAPP a local://a.yaml\nCMD echo\nLAUNCH a",
        "Kubefile:4: CMD and LAUNCH are mutually exclusive (CMD at line 3)");
    refused(
        "FROM scratch\nAPP a local://a.yaml\nLAUNCH a\nCMD echo",
        "Kubefile:4: CMD and LAUNCH are mutually exclusive");
  }

  @Test
  void cmdAndCmdsCombineInOrder() {
    Kubefile k = parse("FROM scratch\nCMD echo 1\nCMD echo 2\nCMDS [\"echo 3\"]");
    assertThat(k.launch().cmds()).containsExactly("echo 1", "echo 2", "echo 3");
  }

  @Test
  void appsMustExistForScratch() {
    refused(
        "FROM scratch\nLAUNCH nope",
        "Kubefile:2: application nope does not exist in the image: declare it with APP, CNI or CSI before LAUNCH");
    refused(
        "FROM scratch\nAPPCMDS nope [\"x\"]",
        "Kubefile:2: application nope does not exist in the image: declare it with APP, CNI or CSI before APPCMDS");
    refused(
        "FROM scratch\nAPPENV nope a=b",
        "Kubefile:2: application nope does not exist in the image: declare it with APP, CNI or CSI before APPENV");
  }

  @Test
  void appsOfABaseImageAreLeftToTheBuilder() {
    Kubefile k =
        parse("FROM base:1\nAPP mine local://m.yaml\nAPPENV calico a=b\nLAUNCH calico mine");
    assertThat(k.undeclaredApps()).isEqualTo(Map.of("calico", 3));
    assertThat(k.appEnv().get("calico")).isEqualTo(Map.of("a", "b"));
  }

  @Test
  void appSourcesAreChecked() {
    refused(
        "FROM scratch\nAPP a ftp://x/y",
        "Kubefile:2: source 'ftp://x/y' of APP must start with local://, http:// or https://");
    refused("FROM scratch\nAPP a", "Kubefile:2: APP needs an app name and at least one source");
    refused("FROM scratch\nAPP a local://", "Kubefile:2: source 'local://' of APP names no file");
    refused("FROM scratch\nAPP a https:///x", "Kubefile:2: source 'https:///x' of APP has no host");
    refused("FROM scratch\nAPP ../a local://x", "Kubefile:2: invalid app name '../a'");
    Kubefile k =
        parse("FROM scratch\nCNI calico https://example.com/calico/calico.sh?x=1 local://c.yaml");
    assertThat(k.apps().get("calico").kind()).isEqualTo(Keyword.CNI);
    assertThat(k.apps().get("calico").sources().get(0).remoteFileName()).isEqualTo("calico.sh");
    assertThat(k.labels()).containsEntry("cluster.alpha.sealer.io/kube-cni-calico", "true");
  }

  @Test
  void appcmdsNeedsJson() {
    refused(
        "FROM scratch\nAPP a local://a\nAPPCMDS a bash run.sh",
        "Kubefile:3: APPCMDS needs an app name and a JSON array, e.g. APPCMDS myapp [\"bash run.sh\"]");
    refused(
        "FROM scratch\nAPP a local://a\nAPPCMDS a [\"x\", 1]",
        "Kubefile:3: when using JSON array syntax, arrays must be comprised of strings only");
  }

  @Test
  void jsonAndWordForms() {
    Kubefile k =
        parse(
            "FROM scratch\nCOPY [\"a b\", \"c\"]\nRUN [\"sh\", \"-c\", \"echo\"]\n"
                + "RUN [not json\nENV a=\"x y\" b='z'\nKUBEVERSION >=1.20.0 <1.25\n");
    assertThat(k.instructions().get(1).args()).containsExactly("a b", "c");
    assertThat(k.instructions().get(2).json()).isTrue();
    assertThat(k.instructions().get(3).args()).containsExactly("[not json");
    assertThat(k.env()).isEqualTo(Map.of("a", "x y", "b", "z"));
    assertThat(k.kubeVersion()).contains(">=1.20.0 <1.25");
    refused(
        "FROM scratch\nCOPY [\"a\", null]",
        "Kubefile:2: when using JSON array syntax, arrays must be comprised of strings only");
    refused("FROM scratch\nENV a=\"b", "Kubefile:2: unterminated double quote");
  }

  @Test
  void orderAroundFrom() {
    Kubefile k = parse("ARG V=1\nFROM base:${V}\n");
    assertThat(k.args()).containsEntry("V", "1");
    refused(
        "COPY a b\nFROM scratch", "Kubefile:1: COPY before FROM: only ARG may come before FROM");
    refused(
        "FROM a\nFROM b",
        "Kubefile:2: only one FROM is supported (multi-stage Kubefiles are not), first at line 1");
    refused("# nothing\n", "Kubefile: no FROM instruction: a Kubefile starts with FROM");
  }

  @Test
  void envAndLabelForms() {
    Kubefile k = parse("FROM scratch\nENV K some value\nLABEL a=b c=d\n");
    assertThat(k.env()).isEqualTo(Map.of("K", "some value"));
    assertThat(k.labels()).containsEntry("a", "b").containsEntry("c", "d");
    refused("FROM scratch\nENV K", "Kubefile:2: ENV needs key=value pairs, got 'K'");
    refused(
        "FROM scratch\nAPP a local://a\nAPPENV a k",
        "Kubefile:3: APPENV needs key=value pairs, got 'k'");
    refused(
        "FROM scratch\nAPP a local://a\nAPPENV a",
        "Kubefile:3: APPENV needs an app name and key=value pairs");
  }

  @Test
  void bomAndCrLf() {
    Kubefile k = parse("\uFEFFFROM scratch\r\nCOPY a b\r\n");
    assertThat(k.instructions())
        .extracting(Instruction::keyword)
        .containsExactly(Keyword.FROM, Keyword.COPY);
  }

  @Test
  void printThenParseGivesTheSameKubefile() {
    String text =
        "ARG V=1\nFROM --platform=linux/amd64 base:${V}\nCOPY --chown=1:1 \"a b\" c\n"
            + "RUN echo \"hi\" && \\\n  ls\nENV A=\"x y\" B=\\\"q\nAPP my local://a https://h/x\n"
            + "APPCMDS my [\"bash \\\"a\\\"\"]\nCMD echo 1\n";
    Kubefile first = parse(text);
    String printed = parser.print(first);
    Kubefile second = parse(printed);
    assertThat(withoutLines(second)).isEqualTo(withoutLines(first));
    assertThat(second.env()).isEqualTo(first.env());
    assertThat(parser.print(second)).isEqualTo(printed);
  }

  static List<Instruction> withoutLines(Kubefile k) {
    return k.instructions().stream().map(i -> i.withLine(0)).toList();
  }
}
