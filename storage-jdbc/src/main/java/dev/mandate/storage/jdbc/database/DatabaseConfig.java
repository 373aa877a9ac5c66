package dev.mandate.storage.jdbc.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How to reach a PostgreSQL database: JDBC URL, user, password and the size of the connection
 * pool. {@link #toString()} never shows the password.
 *
 * <p>The URL must be a {@code jdbc:postgresql:} URL and must not set {@code stringtype=unspecified}:
 * Mandate's SQL casts its parameters explicitly ({@code CAST(? AS JSONB)}) and is tested without
 * that setting, which would otherwise let a wrongly typed parameter slip through silently.
 *
 * @param url JDBC URL, e.g. {@code jdbc:postgresql://db:5432/mandate}
 * @param user database user
 * @param password the user's password
 * @param poolSize maximum number of pooled connections, at least 1
 */
public record DatabaseConfig(String url, String user, String password, int poolSize) {
  /** Pool size used when none is given. */
  public static final int DEFAULT_POOL_SIZE = 10;

  private static final String PREFIX = "jdbc:postgresql:";

  public DatabaseConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (!url.startsWith(PREFIX)) {
      throw new DatabaseException(
          "The database URL must start with " + PREFIX + " (PostgreSQL 15 or newer), got: " + url);
    }
    if (url.toLowerCase(Locale.ROOT).replace(" ", "").contains("stringtype=unspecified")) {
      throw new DatabaseException(
          "Remove stringtype=unspecified from the database URL: Mandate casts its parameters"
              + " explicitly and is tested without it.");
    }
    if (user.isBlank()) {
      throw new DatabaseException("The database user is empty.");
    }
    if (poolSize < 1) {
      throw new DatabaseException("The database pool size must be at least 1, got " + poolSize + ".");
    }
  }

  /** A config with the {@linkplain #DEFAULT_POOL_SIZE default pool size}. */
  public DatabaseConfig(String url, String user, String password) {
    this(url, user, password, DEFAULT_POOL_SIZE);
  }

  /**
   * Reads the password from a file, so that it appears neither on the command line (visible in
   * {@code ps}) nor in the environment (visible in {@code /proc/<pid>/environ} and often logged).
   * Trailing line breaks ({@code \n}, {@code \r\n}) are removed; every other character, including
   * trailing spaces, is part of the password.
   *
   * <p>The file is <b>refused</b>, not merely warned about, when other users may read it (the
   * POSIX "others read" bit): a warning in a log is easy to miss, and a database password readable
   * by every local account exposes all personal data Mandate holds ({@code ssh} and libpq's {@code
   * .pgpass} likewise ignore such files, and are stricter still). Group read is allowed, so that a
   * secret mounted for a service group works (for example Kubernetes {@code defaultMode: 0440}
   * with {@code fsGroup}; note that Kubernetes' default mode 0644 is refused). On file systems
   * without POSIX permissions the check is skipped.
   *
   * @throws DatabaseException if the file is missing, unreadable, empty or readable by others
   */
  public static DatabaseConfig fromPasswordFile(String url, String user, Path passwordFile) {
    Objects.requireNonNull(passwordFile, "passwordFile");
    String password;
    try {
      PosixFileAttributeView posix = Files.getFileAttributeView(passwordFile, PosixFileAttributeView.class);
      if (posix != null) {
        Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
        if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
          throw new DatabaseException(
              "The database password file " + passwordFile + " is readable by every user on this machine ("
                  + PosixFilePermissions.toString(permissions) + "). Restrict it, e.g. chmod 600 "
                  + passwordFile + " (or 640 with a dedicated group), then start again.");
        }
      }
      password = Files.readString(passwordFile, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new DatabaseException("The database password file " + passwordFile + " does not exist.", e);
    } catch (IOException e) {
      throw new DatabaseException(
          "Cannot read the database password file " + passwordFile + ": " + e.getMessage(), e);
    }
    password = stripTrailingLineBreaks(password);
    if (password.isEmpty()) {
      throw new DatabaseException("The database password file " + passwordFile + " is empty.");
    }
    return new DatabaseConfig(url, user, password);
  }

  /** The same database with another pool size. */
  public DatabaseConfig withPoolSize(int newPoolSize) {
    return new DatabaseConfig(url, user, password, newPoolSize);
  }

  /**
   * The same server, user and URL parameters, but another database: {@code
   * jdbc:postgresql://h:5432/postgres?ssl=true} becomes {@code
   * jdbc:postgresql://h:5432/<database>?ssl=true}.
   */
  public DatabaseConfig withDatabase(String database) {
    if (database.isEmpty() || !database.matches("[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException("database name must match [A-Za-z0-9_]+: " + database);
    }
    String rest = url.substring(PREFIX.length());
    int query = rest.indexOf('?');
    String params = query < 0 ? "" : rest.substring(query);
    String target = query < 0 ? rest : rest.substring(0, query);
    String newTarget;
    if (target.startsWith("//")) {
      int slash = target.indexOf('/', 2);
      String hosts = slash < 0 ? target : target.substring(0, slash);
      newTarget = hosts + "/" + database;
    } else {
      newTarget = database;
    }
    return new DatabaseConfig(PREFIX + newTarget + params, user, password, poolSize);
  }

  /** The database name in the URL, or the empty string when the URL names none. */
  public String databaseName() {
    String rest = url.substring(PREFIX.length());
    int query = rest.indexOf('?');
    String target = query < 0 ? rest : rest.substring(0, query);
    if (target.startsWith("//")) {
      int slash = target.indexOf('/', 2);
      return slash < 0 ? "" : target.substring(slash + 1);
    }
    return target;
  }

  @Override
  public String toString() {
    return "DatabaseConfig[url=" + url + ", user=" + user + ", password=***, poolSize=" + poolSize + "]";
  }

  private static String stripTrailingLineBreaks(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
      end--;
    }
    return s.substring(0, end);
  }
}
