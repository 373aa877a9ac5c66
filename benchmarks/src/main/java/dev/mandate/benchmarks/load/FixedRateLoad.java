package dev.mandate.benchmarks.load;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop HTTP/1.1 load generator: it sends requests at a fixed rate whatever the server
 * does, and measures each latency from the moment the request <em>should</em> have been sent
 * (its slot in the schedule), not from when a connection happened to be free. So a server that
 * stalls is charged for every request that queued behind the stall (no coordinated omission, the
 * same method as wrk2). wrk 4.1 is closed-loop and has no rate option, hence this class.
 *
 * <p>Each of {@code --connections} keep-alive connections is driven by one thread with plain
 * blocking sockets: a platform thread by default, since a blocking read on a virtual thread goes
 * through the JDK's poller and costs the client (which shares the machine with the server) more
 * CPU per request; {@code --threads virtual} uses virtual threads instead. Request {@code k}
 * has the slot {@code start + k / rate}; a free connection takes the next slot, waits for it,
 * sends, and reads the whole response (Content-Length or chunked). Latencies go into one plain
 * {@code long[]} per connection, merged and sorted at the end: exact percentiles, no HdrHistogram.
 *
 * <pre>
 * java -cp benchmarks/target/classes dev.mandate.benchmarks.load.FixedRateLoad \
 *   --url http://127.0.0.1:8080 --paths paths.txt --header "Authorization: Bearer KEY" \
 *   --rate 5000 --duration 30 --warmup 5 --connections 64 [--threads platform|virtual]
 * </pre>
 *
 * <p>Prints a human summary and one machine-readable line starting with {@code RESULT}. The exit
 * status is 0 even with errors; the caller checks {@code errors=0} and {@code non200=0}.
 */
public final class FixedRateLoad {
  private FixedRateLoad() {}

  record Options(URI url, List<String> paths, List<String> headers, double rate, double durationSeconds,
      double warmupSeconds, int connections, boolean virtual) {}

  /** What one phase (warm-up or measured) produced. */
  record Result(long scheduled, long completed, long non200, long ioErrors, long[] latenciesNanos, long[] sendLagNanos,
      double elapsedSeconds) {}

  public static void main(String[] args) throws Exception {
    Options o = parse(args);
    List<byte[]> requests = requests(o);
    if (o.warmupSeconds() > 0) {
      Result w = run(o, requests, o.warmupSeconds());
      System.out.printf(Locale.ROOT, "warm-up: %d requests at %.0f req/s, %d non-200, %d I/O errors%n",
          w.completed(), w.completed() / w.elapsedSeconds(), w.non200(), w.ioErrors());
    }
    Result r = run(o, requests, o.durationSeconds());
    report(o, r);
  }

  static Result run(Options o, List<byte[]> requests, double seconds) throws InterruptedException {
    long total = Math.max(1, Math.round(o.rate() * seconds));
    double periodNanos = 1e9 / o.rate();
    AtomicLong next = new AtomicLong();
    AtomicLong completed = new AtomicLong();
    AtomicLong non200 = new AtomicLong();
    AtomicLong ioErrors = new AtomicLong();
    long[][] latencies = new long[o.connections()][];
    long[][] lags = new long[o.connections()][];
    long start = System.nanoTime() + 50_000_000L; // every connection is open before the first slot
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < o.connections(); c++) {
      int conn = c;
      Thread.Builder builder = o.virtual() ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true).stackSize(256 * 1024);
      threads.add(builder.name("load-" + c).start(() -> {
        LongList lat = new LongList();
        LongList lag = new LongList();
        Connection connection = null;
        while (true) {
          long k = next.getAndIncrement();
          if (k >= total) {
            break;
          }
          long slot = start + (long) (k * periodNanos);
          long wait = slot - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
          try {
            if (connection == null) {
              connection = new Connection(o.url());
            }
            long sent = System.nanoTime();
            int status = connection.exchange(requests.get((int) (k % requests.size())));
            long done = System.nanoTime();
            lat.add(done - slot);
            lag.add(Math.max(0, sent - slot));
            completed.incrementAndGet();
            if (status != 200) {
              non200.incrementAndGet();
            }
          } catch (IOException e) {
            ioErrors.incrementAndGet();
            if (connection != null) {
              connection.close();
              connection = null;
            }
          }
        }
        if (connection != null) {
          connection.close();
        }
        latencies[conn] = lat.toArray();
        lags[conn] = lag.toArray();
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    return new Result(total, completed.get(), non200.get(), ioErrors.get(), merge(latencies), merge(lags), elapsed);
  }

  static void report(Options o, Result r) {
    long[] l = r.latenciesNanos();
    long[] g = r.sendLagNanos();
    double achieved = r.completed() / r.elapsedSeconds();
    System.out.printf(Locale.ROOT, "target %.0f req/s for %.0f s over %d connections: %d scheduled, %d completed "
            + "(%.0f req/s), %d non-200, %d I/O errors%n", o.rate(), o.durationSeconds(), o.connections(),
        r.scheduled(), r.completed(), achieved, r.non200(), r.ioErrors());
    System.out.printf(Locale.ROOT, "latency from scheduled send (ms): p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n",
        ms(pct(l, 50)), ms(pct(l, 90)), ms(pct(l, 99)), ms(pct(l, 99.9)), ms(l.length == 0 ? 0 : l[l.length - 1]));
    System.out.printf(Locale.ROOT, "send lag behind schedule (ms): p50 %.3f  p99 %.3f  max %.3f%n",
        ms(pct(g, 50)), ms(pct(g, 99)), ms(g.length == 0 ? 0 : g[g.length - 1]));
    System.out.printf(Locale.ROOT, "RESULT rate=%.0f achieved=%.0f scheduled=%d completed=%d non200=%d errors=%d "
            + "p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f lag_p99_ms=%.3f%n",
        o.rate(), achieved, r.scheduled(), r.completed(), r.non200(), r.ioErrors(), ms(pct(l, 50)), ms(pct(l, 90)),
        ms(pct(l, 99)), ms(pct(l, 99.9)), ms(l.length == 0 ? 0 : l[l.length - 1]), ms(pct(g, 99)));
  }

  /** Nearest-rank percentile of a sorted array. */
  static long pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static long[] merge(long[][] parts) {
    int n = 0;
    for (long[] p : parts) {
      n += p == null ? 0 : p.length;
    }
    long[] all = new long[n];
    int at = 0;
    for (long[] p : parts) {
      if (p != null) {
        System.arraycopy(p, 0, all, at, p.length);
        at += p.length;
      }
    }
    Arrays.sort(all);
    return all;
  }

  static List<byte[]> requests(Options o) {
    String host = o.url().getHost() + ":" + o.url().getPort();
    StringBuilder extra = new StringBuilder();
    for (String h : o.headers()) {
      extra.append(h).append("\r\n");
    }
    List<byte[]> out = new ArrayList<>(o.paths().size());
    for (String path : o.paths()) {
      out.add(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + extra + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    return out;
  }

  static Options parse(String[] args) throws IOException {
    URI url = null;
    List<String> paths = new ArrayList<>();
    List<String> headers = new ArrayList<>();
    double rate = 1000;
    double duration = 30;
    double warmup = 0;
    int connections = 64;
    boolean virtual = false;
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--url" -> url = URI.create(v);
        case "--path" -> paths.add(v);
        case "--paths" -> Files.readAllLines(Path.of(v)).stream().map(String::strip).filter(s -> !s.isEmpty())
            .forEach(paths::add);
        case "--header" -> headers.add(v);
        case "--rate" -> rate = Double.parseDouble(v);
        case "--duration" -> duration = Double.parseDouble(v);
        case "--warmup" -> warmup = Double.parseDouble(v);
        case "--connections" -> connections = Integer.parseInt(v);
        case "--threads" -> virtual = switch (v) {
          case "virtual" -> true;
          case "platform" -> false;
          default -> throw new IllegalArgumentException("--threads is virtual or platform");
        };
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (--url --path|--paths --header --rate --duration --warmup --connections --threads)");
      }
      i++;
    }
    if (url == null || paths.isEmpty() || rate <= 0 || connections < 1) {
      throw new IllegalArgumentException("need --url, at least one --path or --paths, --rate > 0, --connections >= 1");
    }
    return new Options(url, paths, headers, rate, duration, warmup, connections, virtual);
  }

  /** One keep-alive HTTP/1.1 connection with a minimal response parser. */
  static final class Connection {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int lim;
    private final StringBuilder line = new StringBuilder(128);

    Connection(URI url) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
      socket.setSoTimeout(30_000);
      out = socket.getOutputStream();
      in = socket.getInputStream();
    }

    /** Sends the request and reads the whole response; returns the status. */
    int exchange(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      String status = readLine();
      if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
        throw new IOException("bad status line: " + status);
      }
      int code = Integer.parseInt(status.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      boolean close = false;
      for (String h = readLine(); !h.isEmpty(); h = readLine()) {
        int colon = h.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = h.substring(colon + 1).strip();
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "connection" -> close = value.equalsIgnoreCase("close");
          default -> { }
        }
      }
      if (chunked) {
        while (true) {
          String size = readLine();
          int semi = size.indexOf(';');
          long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
          if (n == 0) {
            while (!readLine().isEmpty()) {
              // trailers
            }
            break;
          }
          skip(n);
          readLine();
        }
      } else if (length > 0) {
        skip(length);
      } else if (length < 0) {
        throw new IOException("response without Content-Length or chunked body");
      }
      if (close) {
        throw new IOException("server closed the connection (status " + code + ")");
      }
      return code;
    }

    private void skip(long n) throws IOException {
      while (n > 0) {
        if (pos == lim) {
          fill();
        }
        int s = (int) Math.min(n, lim - pos);
        pos += s;
        n -= s;
      }
    }

    private void fill() throws IOException {
      int r = in.read(buf, 0, buf.length);
      if (r < 0) {
        throw new EOFException();
      }
      pos = 0;
      lim = r;
    }

    private String readLine() throws IOException {
      line.setLength(0);
      while (true) {
        if (pos == lim) {
          fill();
        }
        int b = buf[pos++] & 0xff;
        if (b == '\n') {
          int len = line.length();
          if (len > 0 && line.charAt(len - 1) == '\r') {
            line.setLength(len - 1);
          }
          return line.toString();
        }
        line.append((char) b);
      }
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }

  /** A growable array of longs. */
  static final class LongList {
    private long[] values = new long[1024];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
