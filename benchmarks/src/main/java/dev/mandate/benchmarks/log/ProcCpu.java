package dev.mandate.benchmarks.log;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * CPU used by this JVM, by the embedded PostgreSQL (the postmaster and every process under it)
 * and by the whole machine, read from {@code /proc} (Linux only; elsewhere everything reads 0).
 * PostgreSQL is counted as the postmaster's own time, the time of its exited children that it
 * reaped ({@code cutime + cstime}), and the time of its live children, so backends that come and
 * go are still counted. "Other" is the machine's busy time minus both: the foreign load on a
 * shared machine.
 */
final class ProcCpu {
  private static final long HZ = clockTicks();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Path postmasterPidFile;

  /** @param postmasterPidFile {@code <pgdata>/postmaster.pid} of the embedded PostgreSQL */
  ProcCpu(Path postmasterPidFile) {
    this.postmasterPidFile = postmasterPidFile;
  }

  /** CPU counters at one instant; subtract two with {@link Split#between}. */
  record Sample(long nanoTime, long jvmTicks, long pgTicks, long machineBusyTicks, long machineAllTicks,
      long writerCpuNanos) {}

  /** Cores used between two samples. */
  record Split(double seconds, double jvm, double postgres, double other, double idle, double writer) {
    static Split between(Sample a, Sample b) {
      double s = (b.nanoTime() - a.nanoTime()) / 1e9;
      double jvm = (b.jvmTicks() - a.jvmTicks()) / (double) HZ / s;
      double pg = (b.pgTicks() - a.pgTicks()) / (double) HZ / s;
      double busy = (b.machineBusyTicks() - a.machineBusyTicks()) / (double) HZ / s;
      double all = (b.machineAllTicks() - a.machineAllTicks()) / (double) HZ / s;
      double writer = (b.writerCpuNanos() - a.writerCpuNanos()) / 1e9 / s;
      return new Split(s, jvm, pg, Math.max(0, busy - jvm - pg), Math.max(0, all - busy), writer);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "jvm %.2f (writer thread %.2f) pg %.2f other %.2f idle %.2f", jvm, writer,
          postgres, other, idle);
    }
  }

  Sample sample(Thread writer) {
    long writerNanos = 0;
    if (writer != null && writer.isAlive()) {
      long t = THREADS.getThreadCpuTime(writer.threadId());
      writerNanos = Math.max(0, t);
    }
    long[] machine = machine();
    return new Sample(System.nanoTime(), ticks(ProcessHandle.current().pid(), false), postgresTicks(), machine[0],
        machine[1], writerNanos);
  }

  private long postgresTicks() {
    Optional<Long> pm = postmaster();
    if (pm.isEmpty()) {
      return 0;
    }
    long total = ticks(pm.get(), true);
    Optional<ProcessHandle> handle = ProcessHandle.of(pm.get());
    if (handle.isPresent()) {
      for (ProcessHandle child : handle.get().descendants().toList()) {
        total += ticks(child.pid(), false);
      }
    }
    return total;
  }

  private Optional<Long> postmaster() {
    try {
      List<String> lines = Files.readAllLines(postmasterPidFile);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.getFirst().trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** utime + stime (+ cutime + cstime) of a process, in clock ticks; 0 if it is gone. */
  static long ticks(long pid, boolean withChildren) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17
      long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      if (withChildren) {
        t += Long.parseLong(f[13]) + Long.parseLong(f[14]);
      }
      return t;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** {busy, all} ticks of the whole machine from the "cpu" line of /proc/stat. */
  static long[] machine() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
        if (line.startsWith("cpu ")) {
          String[] f = line.trim().split("\\s+");
          long user = Long.parseLong(f[1]);
          long nice = Long.parseLong(f[2]);
          long system = Long.parseLong(f[3]);
          long idle = Long.parseLong(f[4]);
          long iowait = Long.parseLong(f[5]);
          long irq = Long.parseLong(f[6]);
          long softirq = Long.parseLong(f[7]);
          long steal = Long.parseLong(f[8]);
          long busy = user + nice + system + irq + softirq + steal;
          return new long[] {busy, busy + idle + iowait};
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return new long[] {0, 0};
  }

  /** CPU seconds this JVM used so far, all threads (GC and JIT included). */
  static double processCpuSeconds() {
    return ticks(ProcessHandle.current().pid(), false) / (double) HZ;
  }

  /** The 1-, 5- and 15-minute load averages. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return Long.parseLong(out);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
