package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sealer.api.ImageReference;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.StoredImage;
import io.sealer.api.resolve.ImageResolver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code sealer images}. */
@Parameters(commandNames = "images", commandDescription = "List the images in the local store")
final class ImagesCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @Parameter(names = "--json", description = "Print the images as a JSON array")
  boolean json;

  @Parameter(names = "--digests", description = "Show the manifest digest of each image")
  boolean digests;

  @Parameter(names = "--no-trunc", description = "Show full image ids")
  boolean noTrunc;

  @Override
  public int run(CommandContext context) throws Exception {
    ImageStore store = context.sealer().images();
    ImageResolver resolver = context.sealer().imageResolver();
    List<StoredImage> images = store.list();
    if (global.quiet && !json) {
      Set<String> ids = new LinkedHashSet<>();
      for (StoredImage image : images) {
        ids.add(noTrunc ? image.id().hex() : image.id().shortHex());
      }
      ids.forEach(context.out()::println);
      return SealerCli.OK;
    }
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (StoredImage image : images) {
        ImageDetails d = ImageDetails.of(resolver, image, context.events());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", image.id().hex());
        row.put("names", image.names().stream().map(ImageReference::toString).toList());
        row.put("digest", image.manifest().digest().toString());
        row.put("mediaType", image.manifest().mediaType());
        row.put("platform", d.platform());
        row.put("createdat", d.created());
        row.put("size", d.size());
        rows.add(row);
      }
      context
          .out()
          .println(
              new ObjectMapper()
                  .enable(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(rows));
      return SealerCli.OK;
    }
    List<String[]> table = new ArrayList<>();
    table.add(
        digests
            ? new String[] {
              "REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "PLATFORM", "CREATED", "SIZE"
            }
            : new String[] {"REPOSITORY", "TAG", "IMAGE ID", "PLATFORM", "CREATED", "SIZE"});
    for (StoredImage image : images) {
      ImageDetails d = ImageDetails.of(resolver, image, context.events());
      String id = noTrunc ? image.id().toString() : image.id().shortHex();
      for (ImageReference name : image.names()) {
        String tag = name.tag() != null ? name.tag() : "<none>";
        String created =
            d.created().length() >= 19
                ? d.created().substring(0, 19).replace('T', ' ')
                : d.created();
        String size = ImageDetails.humanSize(d.size());
        table.add(
            digests
                ? new String[] {
                  name.name(),
                  tag,
                  image.manifest().digest().toString(),
                  id,
                  d.platform(),
                  created,
                  size
                }
                : new String[] {name.name(), tag, id, d.platform(), created, size});
      }
    }
    Table.print(context.out(), table);
    return SealerCli.OK;
  }

  @Override
  public String examples() {
    return """
        sealer images              # table of names, ids, platforms and sizes
        sealer images --digests    # with the manifest digest of each image
        sealer images -q           # only the image ids, for scripts
        sealer images --json       # everything, as JSON""";
  }
}
