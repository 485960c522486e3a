package io.sealer.api;

/**
 * What {@code sealer version} reports.
 *
 * @param version the release version, e.g. {@code 0.1.0}
 * @param gitCommit the commit the build was made from, or {@code unknown}
 * @param javaVersion the version of the running JVM
 * @param platform the platform of this machine
 */
public record VersionInfo(
    String version, String gitCommit, String javaVersion, Platform platform) {}
