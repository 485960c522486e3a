package io.sealer.api.cluster;

import org.jspecify.annotations.Nullable;

/**
 * A file of an Application config, written into {@code application/apps/<name>/}.
 *
 * @param path the file relative to the app directory
 * @param strategy {@code overwrite} or {@code merge}, or null
 * @param data the content
 */
public record AppFile(String path, @Nullable String strategy, String data) {}
