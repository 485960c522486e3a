package io.sealer.api.cluster;

import org.jspecify.annotations.Nullable;

/**
 * A {@code kind: Config} document: data written into the image's rootfs before it is sent to the
 * hosts.
 *
 * @param name {@code metadata.name}
 * @param path the file, relative to the rootfs, or to {@code application/apps/<appName>/}
 * @param data the content
 * @param strategy {@code merge} (deep-merge YAML) or anything else (overwrite); null if unset
 * @param process a pipe list of {@code value|toJson|toBase64|toSecret}, or null
 * @param appName the application whose directory {@code path} is relative to, or null
 */
public record Config(
    String name,
    String path,
    String data,
    @Nullable String strategy,
    @Nullable String process,
    @Nullable String appName) {}
