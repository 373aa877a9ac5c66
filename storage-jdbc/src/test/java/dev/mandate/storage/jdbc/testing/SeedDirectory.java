package dev.mandate.storage.jdbc.testing;

import dev.mandate.storage.jdbc.database.EmbeddedDatabaseServer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A stopped, freshly created embedded PostgreSQL data directory kept in the temp folder and shared
 * by all test JVMs of this user, so that a test JVM copies it (a fraction of a second) instead of
 * running initdb (several seconds). Creation and copying hold an OS file lock, so parallel builds
 * are safe. Anything odd (a failed copy, a seed from another PostgreSQL major version) makes the
 * caller fall back to a fresh initdb, see {@link #invalidate()}.
 */
final class SeedDirectory {
  private static final String COMPLETE = "seed-complete";
  private static final Set<String> NOT_COPIED = Set.of("mandate.lock", "postgres.log", COMPLETE);

  private final Path seed;
  private final Path lockFile;

  SeedDirectory(Path parent) {
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_-]", "_");
    this.seed = parent.resolve("mandate-test-pg-seed-" + user);
    this.lockFile = parent.resolve("mandate-test-pg-seed-" + user + ".lock");
  }

  static SeedDirectory inTempFolder() {
    return new SeedDirectory(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** Copies the seed (creating it first if needed) into the empty directory {@code target}. */
  void copyInto(Path target) throws IOException {
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = channel.lock(); // released when the channel closes
      if (!Files.exists(seed.resolve(COMPLETE))) {
        deleteRecursively(seed);
        EmbeddedDatabaseServer.builder(seed).stopOnJvmExit(false, Duration.ZERO).start().close();
        Files.createFile(seed.resolve(COMPLETE));
      }
      try (Stream<Path> walk = Files.walk(seed)) {
        for (Path source : (Iterable<Path>) walk::iterator) {
          Path relative = seed.relativize(source);
          if (relative.getNameCount() == 1 && NOT_COPIED.contains(relative.toString())) {
            continue;
          }
          Path destination = target.resolve(relative.toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(destination);
            Files.setPosixFilePermissions(destination, Files.getPosixFilePermissions(source));
          } else {
            Files.copy(source, destination, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      lock.release();
    }
  }

  /** Makes the next {@link #copyInto} create the seed anew. */
  void invalidate() {
    try {
      Files.deleteIfExists(seed.resolve(COMPLETE));
    } catch (IOException ignored) {
      // next copy fails again and the caller falls back to initdb
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
