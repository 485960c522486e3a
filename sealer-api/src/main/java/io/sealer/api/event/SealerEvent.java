package io.sealer.api.event;

/** Something a library reports while it works. */
public sealed interface SealerEvent permits LogEvent, ProgressEvent, HostOutputEvent {}
