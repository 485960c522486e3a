/**
 * The Kubefile as Sealer reads it: {@link io.sealer.api.kubefile.Kubefile}, an immutable syntax
 * tree of {@link io.sealer.api.kubefile.Instruction}s (each with its line), plus the structures the
 * builder needs without walking the instructions again: the declared applications, their APPCMDS
 * and APPENV, the global ENV and the launch section (LAUNCH, CMDS, CMD).
 *
 * <p>{@link io.sealer.api.kubefile.KubefileParser} turns text into this model and back. The parser
 * reads no files: detecting the type of an application (helm, kube, shell) needs the build context
 * and is the builder's job.
 */
@NullMarked
package io.sealer.api.kubefile;

import org.jspecify.annotations.NullMarked;
