package dev.mandate.storage.jdbc.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears what a Mandate killed without a clean shutdown leaves in a PostgreSQL data directory, so
 * that the next start works. Only call it while holding the {@link DataDirectoryLock}: then no live
 * Mandate owns the directory, and whatever {@code postmaster.pid} names is a leftover.
 *
 * <ul>
 *   <li>The PID in {@code postmaster.pid} is dead: the file is stale and is deleted.
 *   <li>The PID is alive but is not a PostgreSQL server of this directory (the PID was reused, e.g.
 *       after a reboot or in a container): the file is stale and is deleted. PostgreSQL itself would
 *       refuse to start here ("lock file already exists").
 *   <li>The PID is a PostgreSQL server of this very directory: it is an orphan (a {@code kill -9}
 *       of the JVM leaves PostgreSQL running). It gets SIGINT (PostgreSQL's "fast" shutdown:
 *       in-flight transactions roll back, committed ones are durable) and is awaited.
 * </ul>
 */
final class LeftoverPostmaster {
  private static final Logger LOG = LoggerFactory.getLogger(LeftoverPostmaster.class);
  static final String PID_FILE = "postmaster.pid";

  private LeftoverPostmaster() {}

  static void clear(Path pgData, Duration stopTimeout) {
    Path pidFile = pgData.resolve(PID_FILE);
    Optional<Long> pid = readPid(pidFile);
    if (pid.isEmpty()) {
      if (Files.exists(pidFile)) {
        LOG.warn("Deleting unreadable {}", pidFile);
        delete(pidFile);
      }
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(LeftoverPostmaster::isRunning);
    if (process.isEmpty()) {
      LOG.warn("Deleting stale {}: PID {} is no longer running (the previous Mandate did not stop cleanly)",
          pidFile, pid.get());
      delete(pidFile);
      return;
    }
    if (!servesDirectory(process.get(), pgData)) {
      LOG.warn("Deleting stale {}: PID {} now belongs to another program", pidFile, pid.get());
      delete(pidFile);
      return;
    }
    LOG.warn("Stopping PostgreSQL (PID {}) left running on {} by a Mandate that did not stop cleanly",
        pid.get(), pgData);
    stop(process.get(), stopTimeout);
    if (Files.exists(pidFile)) {
      delete(pidFile);
    }
  }

  /** The postmaster PID recorded in {@code <pgData>/postmaster.pid}, if any. */
  static Optional<Long> readPid(Path pidFile) {
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
      if (lines.isEmpty()) {
        return Optional.empty();
      }
      long pid = Long.parseLong(lines.getFirst().trim());
      return pid > 0 ? Optional.of(pid) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether the process still runs. Unlike {@link ProcessHandle#isAlive()}, a zombie (exited, not
   * yet reaped by its parent, which for a daemonized postmaster is init) counts as ended: some init
   * processes reap only every second or two.
   */
  static boolean isRunning(ProcessHandle process) {
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    try {
      String line = Files.readString(stat, StandardCharsets.US_ASCII);
      int end = line.lastIndexOf(')');
      if (end > 0 && end + 2 < line.length()) {
        char state = line.charAt(end + 2);
        return state != 'Z' && state != 'X' && state != 'x';
      }
    } catch (IOException | RuntimeException e) {
      // no /proc (not Linux) or the process is gone: ask the JDK
    }
    return process.isAlive();
  }

  static boolean servesDirectory(ProcessHandle process, Path pgData) {
    String command = process.info().command().orElse("");
    Path cwd = Path.of("/proc", Long.toString(process.pid()), "cwd");
    if (Files.exists(cwd)) {
      // Linux: the postmaster's working directory is its data directory. Deliberately no check of
      // the executable name: two postmasters on one directory would corrupt it, so anything that
      // runs in it is treated as the leftover server.
      try {
        return Files.isSameFile(cwd, pgData);
      } catch (IOException e) {
        return false;
      }
    }
    String arguments = String.join(" ", process.info().arguments().orElse(new String[0]));
    return command.endsWith("postgres") && arguments.contains(pgData.toString());
  }

  private static void stop(ProcessHandle process, Duration timeout) {
    boolean signalled = false;
    try {
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
          .redirectErrorStream(true).start();
      signalled = kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
    } catch (IOException e) {
      LOG.debug("kill -INT not available", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!signalled) {
      process.destroy(); // SIGTERM: PostgreSQL's "smart" shutdown
    }
    if (!EmbeddedDatabaseServer.awaitExit(process, timeout)) {
      throw new DatabaseException("PostgreSQL (PID " + process.pid() + ") left running by an earlier Mandate"
          + " did not stop within " + timeout.toSeconds() + " s. Stop it (kill -INT " + process.pid()
          + ") and start again.");
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new DatabaseException("Cannot delete the stale " + file + ": " + e.getMessage(), e);
    }
  }
}
