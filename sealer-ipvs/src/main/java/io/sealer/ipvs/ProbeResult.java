package io.sealer.ipvs;

/**
 * The outcome of one health probe.
 *
 * @param realServer the server probed
 * @param healthy whether it answered with any HTTP response
 * @param detail the status line's code ("HTTP 200") or why it is unhealthy ("connection refused")
 */
public record ProbeResult(Endpoint realServer, boolean healthy, String detail) {}
