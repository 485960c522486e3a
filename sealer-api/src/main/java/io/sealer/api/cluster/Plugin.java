package io.sealer.api.cluster;

/**
 * A {@code kind: Plugin} document: a shell hook run at install phases.
 *
 * @param name {@code metadata.name}; hooks of one phase run sorted by it
 * @param type the hook type; only {@code SHELL} exists
 * @param action the phases, joined with {@code |}, e.g. {@code pre-install|post-install}
 * @param scope the roles of the hosts it runs on, joined with {@code |}; empty for none
 * @param data the shell text (without its trailing newline)
 */
public record Plugin(String name, String type, String action, String scope, String data) {}
