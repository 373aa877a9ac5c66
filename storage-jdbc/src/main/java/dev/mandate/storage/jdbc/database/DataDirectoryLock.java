package dev.mandate.storage.jdbc.database;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive use of a Mandate data directory, held as an OS file lock on {@code <dir>/mandate.lock}
 * for as long as the server runs. The OS drops the lock when the process dies, even by {@code kill
 * -9}, so a stale lock file never blocks a restart. The file holds the owner's PID for the error
 * message.
 */
final class DataDirectoryLock implements AutoCloseable {
  static final String FILE_NAME = "mandate.lock";

  /**
   * Directories locked by this JVM. A second {@link FileChannel} on the same file must not even be
   * opened: closing it would drop this process's POSIX lock taken through the first one.
   */
  private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

  private final Path directory;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(Path directory, FileChannel channel, FileLock lock) {
    this.directory = directory;
    this.channel = channel;
    this.lock = lock;
  }

  static DataDirectoryLock acquire(Path directoryAsGiven) {
    Path directory;
    try {
      directory = directoryAsGiven.toRealPath(); // one key per directory, whatever symlinks lead to it
    } catch (IOException e) {
      throw new DatabaseException("Cannot open the data directory " + directoryAsGiven + ": " + e.getMessage(), e);
    }
    Path lockFile = directory.resolve(FILE_NAME);
    if (!HELD_IN_THIS_JVM.add(directory)) {
      throw inUse(directory, lockFile, ProcessHandle.current().pid() + ", this process");
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        String holder = readHolder(lockFile);
        channel.close();
        throw inUse(directory, lockFile, holder);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
      channel.force(false);
      return new DataDirectoryLock(directory, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      HELD_IN_THIS_JVM.remove(directory);
      throw new DatabaseException("Cannot lock the data directory " + directory + " (" + lockFile + "): "
          + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      HELD_IN_THIS_JVM.remove(directory);
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it as well
    }
    closeQuietly(channel);
    HELD_IN_THIS_JVM.remove(directory);
  }

  private static DatabaseException inUse(Path directory, Path lockFile, String holder) {
    return new DatabaseException("The data directory " + directory + " is in use by another Mandate (PID "
        + holder + "; lock file " + lockFile + "). Stop that Mandate first, or use a different data"
        + " directory.");
  }

  private static String readHolder(Path lockFile) {
    try {
      String pid = Files.readString(lockFile, StandardCharsets.US_ASCII).trim();
      return pid.isEmpty() ? "unknown" : pid;
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing more to release
      }
    }
  }
}
