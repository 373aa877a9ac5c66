package dev.mandate.benchmarks.log;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Latency samples in nanoseconds: one growable {@code long[]} per thread, merged and sorted at
 * the end, so percentiles are exact (no HdrHistogram, no bucketing).
 */
final class Latencies {
  private long[] values = new long[1024];
  private int size;

  void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  int size() {
    return size;
  }

  /** All samples of {@code parts}, sorted. */
  static long[] merge(List<Latencies> parts) {
    int n = 0;
    for (Latencies p : parts) {
      n += p.size;
    }
    long[] all = new long[n];
    int at = 0;
    for (Latencies p : parts) {
      System.arraycopy(p.values, 0, all, at, p.size);
      at += p.size;
    }
    Arrays.sort(all);
    return all;
  }

  /** The {@code q}-quantile (0..1) of sorted samples, nearest rank; 0 when there are none. */
  static long quantile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
  }

  static double millis(long nanos) {
    return nanos / 1e6;
  }

  /** "p50 / p90 / p99 / p99.9 / max" in milliseconds. */
  static String summary(long[] sorted) {
    return String.format(Locale.ROOT, "%.2f / %.2f / %.2f / %.2f / %.2f ms", millis(quantile(sorted, 0.5)),
        millis(quantile(sorted, 0.9)), millis(quantile(sorted, 0.99)), millis(quantile(sorted, 0.999)),
        millis(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
  }
}
