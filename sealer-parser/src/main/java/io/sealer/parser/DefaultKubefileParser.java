package io.sealer.parser;

import io.sealer.api.ParseException;
import io.sealer.api.kubefile.Instruction;
import io.sealer.api.kubefile.Kubefile;
import io.sealer.api.kubefile.KubefileParser;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The Kubefile parser: lexer, instruction reader and assembler in a row. Stateless. */
@Singleton
final class DefaultKubefileParser implements KubefileParser {

  @Inject
  DefaultKubefileParser() {}

  @Override
  public Kubefile parse(String fileName, String text) {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(text, "text");
    try {
      KubefileLexer lexer = new KubefileLexer(fileName);
      List<LogicalLine> lines = lexer.split(text);
      InstructionReader reader = new InstructionReader(fileName, lexer.escape());
      KubefileAssembler assembler = new KubefileAssembler(fileName);
      for (LogicalLine line : lines) {
        assembler.add(reader.read(line));
      }
      return assembler.build();
    } catch (ParseException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      // A bug of ours must still reach the user as a failure to read this file.
      throw new ParseException(fileName, 0, 0, "could not parse: " + e, e);
    }
  }

  @Override
  public String print(Kubefile kubefile) {
    char escape = '\\';
    for (Instruction in : kubefile.instructions()) {
      if (!in.json() && in.args().stream().anyMatch(a -> a.endsWith("\\"))) {
        escape = '`';
      }
    }
    StringBuilder sb = new StringBuilder();
    if (escape != '\\') {
      sb.append("# escape=").append(escape).append('\n');
    }
    for (Instruction in : kubefile.instructions()) {
      sb.append(in.keyword().name());
      for (Map.Entry<String, String> flag : in.flags().entrySet()) {
        String word =
            flag.getValue().isEmpty() ? flag.getKey() : flag.getKey() + "=" + flag.getValue();
        sb.append(" --").append(Words.quote(word, escape));
      }
      sb.append(' ').append(arguments(in, escape)).append('\n');
    }
    return sb.toString();
  }

  private static String arguments(Instruction in, char escape) {
    List<String> args = in.args();
    return switch (in.keyword()) {
      case APPCMDS ->
          Words.quote(args.get(0), escape) + " " + JsonStrings.format(args.subList(1, args.size()));
      case CMD, MAINTAINER, KUBEVERSION -> args.get(0);
      case RUN -> in.json() ? JsonStrings.format(args) : args.get(0);
      default -> {
        if (in.json()) {
          yield JsonStrings.format(args);
        }
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
          if (sb.length() > 0) {
            sb.append(' ');
          }
          sb.append(Words.quote(a, escape));
        }
        yield sb.toString();
      }
    };
  }
}
