package io.sealer.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.ParseException;
import io.sealer.api.cluster.TemplateRenderer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Go-template rendering of *.tmpl files (spec §4.3, pkg/env template render). */
class TemplateRendererTest {
  private final TemplateRenderer renderer = Parsers.templates();
  private final Map<String, Object> env =
      Map.of("PodCIDR", "100.64.0.0/10", "RegistryURL", "sea.hub:5000", "Password", "s3cr3t");

  private String render(String template) {
    return renderer.render("kubeadm.yml.tmpl", template, env);
  }

  @Test
  void keysAreReplaced() {
    assertThat(render("podSubnet: {{ .PodCIDR }}\nimageRepository: {{.RegistryURL}}\n"))
        .isEqualTo("podSubnet: 100.64.0.0/10\nimageRepository: sea.hub:5000\n");
  }

  @Test
  void b64encAndB64dec() {
    assertThat(render("{{ b64enc .Password }}")).isEqualTo("czNjcjN0");
    assertThat(render("{{ .Password | b64enc }}")).isEqualTo("czNjcjN0");
    assertThat(render("{{ b64dec \"czNjcjN0\" }}")).isEqualTo("s3cr3t");
    assertThat(render("{{ .Password | b64enc | b64dec }}")).isEqualTo("s3cr3t");
  }

  @Test
  void missingKeyIsAnErrorNamingKeyFileAndLine() {
    assertThatThrownBy(() -> render("a: 1\nb: {{ .SvcCIDR }}\n"))
        .isInstanceOf(ParseException.class)
        .hasMessage("kubeadm.yml.tmpl:2: no value for key \"SvcCIDR\" (.SvcCIDR)");
    assertThatThrownBy(() -> render("{{ b64enc .Nope }}"))
        .hasMessage("kubeadm.yml.tmpl:1: no value for key \"Nope\" (.Nope)");
  }

  @Test
  void missingKeyIsFalseInConditionsAndDefaultFillsIt() {
    assertThat(render("{{ if .IPv6DualStack }}dual{{ else }}single{{ end }}")).isEqualTo("single");
    assertThat(render("{{ .SvcCIDR | default \"10.96.0.0/22\" }}")).isEqualTo("10.96.0.0/22");
    assertThat(render("{{ default \"x\" .PodCIDR }}")).isEqualTo("100.64.0.0/10");
  }

  @Test
  void ifElseIfEqAndTrimMarkers() {
    String t =
        "{{- if eq .RegistryURL \"x\" }}\nA\n{{- else if ne .PodCIDR \"\" }}\nB\n{{- else }}\nC\n{{- end }}\n";
    assertThat(render(t)).isEqualTo("\nB\n");
    assertThat(render("a  {{- /* comment */ -}}  b")).isEqualTo("ab");
  }

  @Test
  void rangeOverListsAndMaps() {
    Map<String, Object> data =
        Map.of("Hosts", List.of("10.0.0.1", "10.0.0.2"), "Labels", Map.of("b", "2", "a", "1"));
    assertThat(renderer.render("t", "{{ range .Hosts }}- {{ . }}\n{{ end }}", data))
        .isEqualTo("- 10.0.0.1\n- 10.0.0.2\n");
    assertThat(
            renderer.render("t", "{{ range $k, $v := .Labels }}{{ $k }}={{ $v }};{{ end }}", data))
        .isEqualTo("a=1;b=2;");
    assertThat(
            renderer.render(
                "t", "{{ range .None }}x{{ else }}empty{{ end }}", Map.of("None", List.of())))
        .isEqualTo("empty");
  }

  @Test
  void variablesWithAndParentheses() {
    assertThat(render("{{ $u := .RegistryURL }}{{ with .PodCIDR }}{{ . }} {{ $u }}{{ end }}"))
        .isEqualTo("100.64.0.0/10 sea.hub:5000");
    assertThat(render("{{ quote (upper .RegistryURL) }}")).isEqualTo("\"SEA.HUB:5000\"");
  }

  @Test
  void syntaxErrorsAreParseExceptions() {
    assertThatThrownBy(() -> render("line1\n{{ if .PodCIDR }}x"))
        .hasMessage("kubeadm.yml.tmpl:2: {{if}} without {{end}}");
    assertThatThrownBy(() -> render("{{ .PodCIDR "))
        .hasMessage("kubeadm.yml.tmpl:1: unclosed action: {{ without }}");
    assertThatThrownBy(() -> render("{{ toYaml .PodCIDR }}"))
        .hasMessage("kubeadm.yml.tmpl:1: function \"toYaml\" not defined");
    assertThatThrownBy(() -> render("{{ end }}"))
        .hasMessage("kubeadm.yml.tmpl:1: unexpected {{end}}");
    assertThatThrownBy(() -> render("{{ b64dec .PodCIDR }}"))
        .isInstanceOf(ParseException.class)
        .hasMessageStartingWith("kubeadm.yml.tmpl:1: error calling b64dec:");
  }

  @Test
  void textWithoutActionsIsKept() {
    assertThat(render("plain } { text\n")).isEqualTo("plain } { text\n");
  }
}
