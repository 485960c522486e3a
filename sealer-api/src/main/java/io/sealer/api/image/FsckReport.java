package io.sealer.api.image;

import java.util.List;

/**
 * What {@link ImageStoreMaintenance#fsck()} found.
 *
 * @param checkedNames how many names were followed
 * @param checkedBlobs how many referenced blobs were re-hashed
 * @param problems one line per problem, naming the image and the blob; empty when all is well
 */
public record FsckReport(int checkedNames, int checkedBlobs, List<String> problems) {
  /** Copies the list. */
  public FsckReport {
    problems = List.copyOf(problems);
  }

  /** Whether no problem was found. */
  public boolean ok() {
    return problems.isEmpty();
  }
}
