package dev.mandate.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** Reads and writes the key file format documented on {@link FileMasterKeys}. */
final class KeyFile {
  static final String FORMAT = "mandate-master-keys/1";
  private static final String KEY_PREFIX = "key.";

  /** The file's content; {@link #toString()} never shows key bytes. */
  record Content(SortedMap<Integer, byte[]> keys, int current) {
    @Override
    public String toString() {
      return "KeyFile.Content[versions=" + keys.keySet() + ", current=" + current + "]";
    }
  }

  private KeyFile() {}

  static Content read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    SortedMap<Integer, byte[]> keys = new TreeMap<>();
    Integer current = null;
    boolean formatSeen = false;
    for (int n = 1; n <= lines.size(); n++) {
      String line = lines.get(n - 1).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new IOException(file + ":" + n + ": expected 'name = value'");
      }
      String name = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (name.equals("format")) {
        if (!value.equals(FORMAT)) {
          throw new IOException(file + ":" + n + ": unsupported format, expected " + FORMAT);
        }
        formatSeen = true;
      } else if (name.equals("current")) {
        current = number(file, n, value);
      } else if (name.startsWith(KEY_PREFIX)) {
        int version = number(file, n, name.substring(KEY_PREFIX.length()));
        if (keys.put(version, decode(file, n, value)) != null) {
          throw new IOException(file + ":" + n + ": key." + version + " appears twice");
        }
      } else {
        throw new IOException(file + ":" + n + ": unknown entry '" + name + "'");
      }
    }
    if (!formatSeen || current == null || !keys.containsKey(current)) {
      throw new IOException(file + ": needs 'format = " + FORMAT + "', 'current = N' and key.N");
    }
    return new Content(keys, current);
  }

  /** Writes atomically with mode 0600; with {@code createNew}, fails if the file exists. */
  static void write(Path file, Content content, boolean createNew) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, ".mandate-master-keys", ".tmp", ownerOnly());
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        out.write(ByteBuffer.wrap(format(content).getBytes(StandardCharsets.UTF_8)));
        out.force(true);
      }
      if (createNew) {
        linkNew(file, temp);
      } else {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  static FileAttribute<?>[] ownerOnly() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
  }

  private static void linkNew(Path file, Path temp) throws IOException {
    try {
      Files.createLink(file, temp); // atomic, never replaces: two racing creators keep one key
    } catch (UnsupportedOperationException e) {
      Files.move(temp, file);
    }
  }

  private static String format(Content c) {
    StringBuilder s = new StringBuilder()
        .append("# Mandate master keys. Keep this file outside the database and its backups; mode 0600.\n")
        .append("# Remove an old key.N only after 'mandate keys rotate' has re-wrapped every data key.\n")
        .append("format = ").append(FORMAT).append('\n')
        .append("current = ").append(c.current()).append('\n');
    c.keys().forEach((v, k) -> s.append(KEY_PREFIX).append(v).append(" = ")
        .append(Base64.getEncoder().encodeToString(k)).append('\n'));
    return s.toString();
  }

  private static int number(Path file, int line, String s) throws IOException {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IOException(file + ":" + line + ": expected a version number");
    }
  }

  private static byte[] decode(Path file, int line, String s) throws IOException {
    try {
      byte[] key = Base64.getDecoder().decode(s);
      if (key.length == MasterKeySet.KEY_BYTES) {
        return key;
      }
    } catch (IllegalArgumentException e) {
      // fall through: the message must not echo the value
    }
    throw new IOException(file + ":" + line + ": expected base64 of 32 bytes");
  }
}
