package dev.mandate.crypto;

import dev.mandate.core.keys.KeyUnavailableException;
import dev.mandate.core.keys.MasterKeys;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Master keys in a local file: for development and single-host installs (production can use
 * {@link EnvironmentMasterKeys} or a KMS adapter). The file is UTF-8 lines, {@code #} comments:
 *
 * <pre>
 * format = mandate-master-keys/1
 * current = 2
 * key.1 = &lt;base64 of 32 random bytes&gt;
 * key.2 = &lt;base64 of 32 random bytes&gt;
 * </pre>
 *
 * <p>Files are created with mode 0600 and replaced atomically. A running server re-reads the file
 * when asked for a version it lacks, and before wrapping if the file changed, so versions added by
 * {@code mandate keys rotate} are picked up without a restart. Messages never contain key bytes.
 */
public final class FileMasterKeys implements MasterKeys {

  private record Loaded(MasterKeySet keys, FileTime modified, long size) {}

  private final Path file;
  private volatile Loaded loaded;

  private FileMasterKeys(Path file) {
    this.file = file;
    this.loaded = read(file);
  }

  /** Loads the key file, creating it with a fresh version 1 if it does not exist. */
  public static FileMasterKeys createOrLoad(Path file) {
    if (Files.notExists(file)) {
      try {
        KeyFile.write(file, new KeyFile.Content(new TreeMap<>(Map.of(1, freshKey())), 1), true);
      } catch (FileAlreadyExistsException e) {
        // another process created it first: use theirs
      } catch (IOException e) {
        throw new KeyUnavailableException("cannot create master key file " + file, e);
      }
    }
    return load(file);
  }

  /** Loads an existing key file. */
  public static FileMasterKeys load(Path file) {
    return new FileMasterKeys(file);
  }

  public Path file() {
    return file;
  }

  /** Appends a new version, makes it current and writes the file (under a lock file beside it). */
  public synchronized FileMasterKeys addVersion() {
    Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
    try (FileChannel channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), KeyFile.ownerOnly());
        FileLock _ = channel.lock()) {
      KeyFile.Content content = KeyFile.read(file);
      SortedMap<Integer, byte[]> keys = new TreeMap<>(content.keys());
      int next = keys.lastKey() + 1;
      keys.put(next, freshKey());
      KeyFile.write(file, new KeyFile.Content(keys, next), false);
    } catch (IOException e) {
      throw new KeyUnavailableException("cannot add a version to master key file " + file, e);
    }
    loaded = read(file);
    return this;
  }

  @Override
  public int currentVersion() {
    return fresh().keys().current();
  }

  @Override
  public byte[] wrap(byte[] dataKey, byte[] aad) {
    return fresh().keys().wrap(dataKey, aad);
  }

  @Override
  public byte[] unwrap(int version, byte[] wrapped, byte[] aad) {
    MasterKeySet keys = loaded.keys();
    if (!keys.has(version)) {
      loaded = read(file);
      keys = loaded.keys();
    }
    return keys.unwrap(version, wrapped, aad);
  }

  @Override
  public String toString() {
    return "FileMasterKeys[" + file + ", " + loaded.keys() + "]";
  }

  /** The loaded keys, re-read first if the file changed since. */
  private Loaded fresh() {
    Loaded current = loaded;
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      if (a.lastModifiedTime().equals(current.modified()) && a.size() == current.size()) {
        return current;
      }
    } catch (IOException e) {
      return current; // keep serving with what we have; unwrap of a missing version still fails loudly
    }
    loaded = read(file);
    return loaded;
  }

  private static Loaded read(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      KeyFile.Content c = KeyFile.read(file);
      return new Loaded(new MasterKeySet(c.keys(), c.current()), a.lastModifiedTime(), a.size());
    } catch (NoSuchFileException e) {
      throw new KeyUnavailableException("master key file " + file + " does not exist", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new KeyUnavailableException("cannot read master key file " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] freshKey() {
    byte[] key = new byte[MasterKeySet.KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
