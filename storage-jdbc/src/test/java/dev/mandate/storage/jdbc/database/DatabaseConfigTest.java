package dev.mandate.storage.jdbc.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseConfigTest {
  private static final String URL = "jdbc:postgresql://db:5432/mandate";

  @TempDir Path dir;

  @Test
  void readsThePasswordAndDropsOnlyTrailingLineBreaks() throws IOException {
    Path file = passwordFile("s3cret \r\n", "rw-------");
    DatabaseConfig config = DatabaseConfig.fromPasswordFile(URL, "mandate", file);
    assertThat(config.password()).isEqualTo("s3cret ");
    assertThat(config.poolSize()).isEqualTo(DatabaseConfig.DEFAULT_POOL_SIZE);
    assertThat(config.withPoolSize(3).poolSize()).isEqualTo(3);
  }

  @Test
  void acceptsAGroupReadableFile() throws IOException {
    Path file = passwordFile("pw\n", "rw-r-----");
    assertThat(DatabaseConfig.fromPasswordFile(URL, "mandate", file).password()).isEqualTo("pw");
  }

  @Test
  void refusesAFileEveryUserCanRead() throws IOException {
    Path file = passwordFile("pw\n", "rw-r--r--");
    assertThatThrownBy(() -> DatabaseConfig.fromPasswordFile(URL, "mandate", file))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("readable by every user")
        .hasMessageContaining("chmod 600 " + file)
        .hasMessageNotContaining("pw\n");
  }

  @Test
  void explainsAMissingOrEmptyFile() throws IOException {
    assertThatThrownBy(() -> DatabaseConfig.fromPasswordFile(URL, "mandate", dir.resolve("nope")))
        .isInstanceOf(DatabaseException.class).hasMessageContaining("does not exist");
    Path empty = passwordFile("\n", "rw-------");
    assertThatThrownBy(() -> DatabaseConfig.fromPasswordFile(URL, "mandate", empty))
        .isInstanceOf(DatabaseException.class).hasMessageContaining("is empty");
  }

  @Test
  void neverShowsThePassword() {
    assertThat(new DatabaseConfig(URL, "mandate", "hunter2").toString())
        .doesNotContain("hunter2").contains("password=***");
  }

  @Test
  void refusesUrlsMandateIsNotTestedWith() {
    assertThatThrownBy(() -> new DatabaseConfig("jdbc:mysql://db/mandate", "u", "p"))
        .isInstanceOf(DatabaseException.class).hasMessageContaining("jdbc:postgresql:");
    assertThatThrownBy(() -> new DatabaseConfig(URL + "?stringtype=unspecified", "u", "p"))
        .isInstanceOf(DatabaseException.class).hasMessageContaining("stringtype=unspecified");
    assertThatThrownBy(() -> new DatabaseConfig(URL, "u", "p", 0))
        .isInstanceOf(DatabaseException.class).hasMessageContaining("at least 1");
  }

  @Test
  void switchesTheDatabaseKeepingServerAndParameters() {
    DatabaseConfig config = new DatabaseConfig("jdbc:postgresql://h1:5432,h2:5433/postgres?ssl=true", "u", "p", 7);
    DatabaseConfig other = config.withDatabase("mandate_test_1");
    assertThat(other.url()).isEqualTo("jdbc:postgresql://h1:5432,h2:5433/mandate_test_1?ssl=true");
    assertThat(other.databaseName()).isEqualTo("mandate_test_1");
    assertThat(other.poolSize()).isEqualTo(7);
    assertThat(new DatabaseConfig("jdbc:postgresql://h", "u", "p").withDatabase("x").url())
        .isEqualTo("jdbc:postgresql://h/x");
    assertThat(new DatabaseConfig("jdbc:postgresql:mandate", "u", "p").withDatabase("x").url())
        .isEqualTo("jdbc:postgresql:x");
    assertThatThrownBy(() -> config.withDatabase("x; DROP")).isInstanceOf(IllegalArgumentException.class);
  }

  private Path passwordFile(String content, String permissions) throws IOException {
    Path file = dir.resolve("password");
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }
}
