package io.sealer.parser;

/** One instruction's text after continuations are joined, with the line where it starts. */
record LogicalLine(int line, String text) {}
