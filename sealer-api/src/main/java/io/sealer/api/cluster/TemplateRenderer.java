package io.sealer.api.cluster;

import io.sealer.api.ParseException;
import java.util.Map;

/**
 * Renders {@code *.tmpl} files with Go-template semantics, as far as Sealer images use them: {@code
 * {{ .Key }}}, {@code {{ b64enc .Key }}} and {@code b64dec}, pipelines ({@code .Key | b64enc}),
 * {@code if}/{@code else if}/{@code else}, {@code range}, {@code eq}/{@code ne}, {@code default},
 * {@code quote}, {@code and}/{@code or}/{@code not}, trim markers ({@code {{-}, {@code -}}}) and
 * comments.
 */
public interface TemplateRenderer {

  /**
   * Renders a template.
   *
   * @param fileName the name used in errors
   * @param template the template text
   * @param values the data, usually the cluster env
   * @throws ParseException for bad syntax or a key missing from {@code values} (named with its
   *     line)
   */
  String render(String fileName, String template, Map<String, ?> values);
}
