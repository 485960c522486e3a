package io.sealer.ipvs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * Probes real servers as {@link HealthCheck} describes, over a plain socket (and TLS without
 * certificate checks for https), so that nothing about the probe is global to the JVM. Each probe
 * is bounded by the check's timeout: a watchdog closes the socket when it runs out, whatever the
 * server does (accepts and stays silent, trickles bytes, stalls the TLS handshake).
 */
final class HealthProber implements AutoCloseable {
  private static final int MAX_STATUS_LINE = 1024;

  private final ExecutorService probes = Executors.newCachedThreadPool(daemon("lvscare-probe"));
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(daemon("lvscare-probe-watchdog"));

  /** Probes all servers in parallel; returns within about one timeout, in the order given. */
  Map<Endpoint, ProbeResult> probeAll(List<Endpoint> servers, HealthCheck check) {
    List<Future<ProbeResult>> futures = new ArrayList<>();
    for (Endpoint rs : servers) {
      futures.add(probes.submit(() -> probe(rs, check)));
    }
    Map<Endpoint, ProbeResult> results = new LinkedHashMap<>();
    long limit = System.nanoTime() + check.timeout().plusSeconds(1).toNanos();
    for (int i = 0; i < servers.size(); i++) {
      Endpoint rs = servers.get(i);
      try {
        long wait = Math.max(0, limit - System.nanoTime());
        results.put(rs, futures.get(i).get(wait, TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        futures.get(i).cancel(true);
        results.put(rs, unhealthy(rs, "no answer within " + seconds(check.timeout())));
      } catch (ExecutionException e) {
        results.put(rs, unhealthy(rs, String.valueOf(e.getCause())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        results.put(rs, unhealthy(rs, "probe interrupted"));
      }
    }
    return results;
  }

  /** One probe: connect, (TLS,) send a GET, read the status line. */
  ProbeResult probe(Endpoint rs, HealthCheck check) {
    long timeoutMillis = Math.max(1, check.timeout().toMillis());
    AtomicBoolean expired = new AtomicBoolean();
    Socket socket = new Socket();
    ScheduledFuture<?> alarm =
        watchdog.schedule(
            () -> {
              expired.set(true);
              closeQuietly(socket);
            },
            timeoutMillis,
            TimeUnit.MILLISECONDS);
    try {
      socket.connect(new InetSocketAddress(rs.address(), rs.port()), (int) timeoutMillis);
      socket.setSoTimeout((int) timeoutMillis);
      Socket channel = socket;
      if (check.scheme() == HealthCheck.Scheme.HTTPS) {
        SSLSocket tls =
            (SSLSocket) ProbeTls.socketFactory().createSocket(socket, rs.ip(), rs.port(), true);
        tls.startHandshake();
        channel = tls;
      }
      String status = exchange(channel, rs, check.path());
      return new ProbeResult(rs, true, status);
    } catch (IOException e) {
      boolean late = expired.get() || e instanceof SocketTimeoutException;
      return unhealthy(rs, late ? "no answer within " + seconds(check.timeout()) : why(e));
    } finally {
      alarm.cancel(false);
      closeQuietly(socket);
    }
  }

  private static String exchange(Socket channel, Endpoint rs, String path) throws IOException {
    OutputStream out = channel.getOutputStream();
    String request =
        "GET "
            + path
            + " HTTP/1.1\r\nHost: "
            + rs
            + "\r\nUser-Agent: sealer-lvscare\r\nAccept: */*\r\nConnection: close\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = channel.getInputStream();
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\n' && line.length() < MAX_STATUS_LINE) {
      line.append((char) b);
    }
    String status = line.toString().strip();
    if (!status.startsWith("HTTP/")) {
      throw new IOException(
          status.isEmpty()
              ? "closed the connection without an HTTP response"
              : "answered something other than HTTP");
    }
    String[] words = status.split(" ");
    return words.length > 1 ? "HTTP " + words[1] : status;
  }

  private static String why(IOException e) {
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    if (e instanceof NoRouteToHostException) {
      return "no route to host";
    }
    if (e instanceof SSLException) {
      return "TLS handshake failed: " + e.getMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static ProbeResult unhealthy(Endpoint rs, String why) {
    return new ProbeResult(rs, false, why);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing is all we wanted
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    probes.shutdownNow();
    watchdog.shutdownNow();
  }
}
