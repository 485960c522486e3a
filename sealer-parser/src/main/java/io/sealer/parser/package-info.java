/**
 * Reads what people write: the Kubefile (v0.9+ instructions, v0.8 accepted) into the AST of
 * io.sealer.api.kubefile, the multi-document Clusterfile into the cluster model (and writes it
 * back), and Go-template rendering of .tmpl files. The small values with rules of their own (IP
 * lists and ranges, taints, env merge) live in io.sealer.api.cluster, which this package uses.
 * Every failure is an io.sealer.api.ParseException naming the file and line.
 */
@NullMarked
package io.sealer.parser;

import org.jspecify.annotations.NullMarked;
