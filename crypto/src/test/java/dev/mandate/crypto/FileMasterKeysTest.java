package dev.mandate.crypto;

import static dev.mandate.crypto.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.core.keys.KeyUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMasterKeysTest {
  @TempDir Path dir;
  private final byte[] dataKey = new byte[32];
  private final byte[] aad = utf8("acme-payroll|FIELD_ENCRYPTION|1");

  @Test
  void createsAnOwnerOnlyFileWithVersionOne() throws IOException {
    Path file = dir.resolve("secrets/master.keys");
    FileMasterKeys keys = FileMasterKeys.createOrLoad(file);

    assertThat(keys.currentVersion()).isEqualTo(1);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.readString(file)).contains("format = mandate-master-keys/1", "current = 1", "key.1 = ");
    assertThat(dir.resolve("secrets")).isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void loadingAgainGivesTheSameKeys() {
    Path file = dir.resolve("master.keys");
    byte[] wrapped = FileMasterKeys.createOrLoad(file).wrap(dataKey, aad);
    assertThat(FileMasterKeys.createOrLoad(file).unwrap(1, wrapped, aad)).isEqualTo(dataKey);
  }

  @Test
  void addVersionMakesItCurrentAndKeepsThePermissions() throws IOException {
    Path file = dir.resolve("master.keys");
    FileMasterKeys keys = FileMasterKeys.createOrLoad(file);
    byte[] underOne = keys.wrap(dataKey, aad);

    assertThat(keys.addVersion().currentVersion()).isEqualTo(2);
    assertThat(keys.unwrap(1, underOne, aad)).isEqualTo(dataKey);
    assertThat(keys.unwrap(2, keys.wrap(dataKey, aad), aad)).isEqualTo(dataKey);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void aRunningServerPicksUpAVersionAddedByTheCli() {
    Path file = dir.resolve("master.keys");
    FileMasterKeys server = FileMasterKeys.createOrLoad(file);
    FileMasterKeys cli = FileMasterKeys.load(file);

    cli.addVersion();
    byte[] underTwo = cli.wrap(dataKey, aad);

    assertThat(server.unwrap(2, underTwo, aad)).isEqualTo(dataKey);
    assertThat(server.currentVersion()).isEqualTo(2);
  }

  @Test
  void aMissingVersionIsUnavailable() {
    FileMasterKeys keys = FileMasterKeys.createOrLoad(dir.resolve("master.keys"));
    assertThatThrownBy(() -> keys.unwrap(7, keys.wrap(dataKey, aad), aad))
        .isInstanceOf(KeyUnavailableException.class)
        .hasMessage("master key version 7 is not present");
  }

  @Test
  void aWrappingIsBoundToItsMasterVersionAndAssociatedData() {
    FileMasterKeys keys = FileMasterKeys.createOrLoad(dir.resolve("master.keys"));
    byte[] underOne = keys.wrap(dataKey, aad);
    keys.addVersion();
    assertThatThrownBy(() -> keys.unwrap(2, underOne, aad)).isInstanceOf(KeyUnavailableException.class);
    assertThatThrownBy(() -> keys.unwrap(1, underOne, utf8("globex|FIELD_ENCRYPTION|1")))
        .isInstanceOf(KeyUnavailableException.class);
  }

  @Test
  void neitherToStringNorErrorsShowKeyMaterial() throws IOException {
    Path file = dir.resolve("master.keys");
    FileMasterKeys keys = FileMasterKeys.createOrLoad(file);
    String key = Files.readString(file).lines().filter(l -> l.startsWith("key.1")).findFirst().orElseThrow()
        .substring("key.1 = ".length());
    assertThat(keys.toString()).doesNotContain(key).contains("current=1");

    String secretButShort = Base64.getEncoder().encodeToString(utf8("not a 32-byte key"));
    Path bad = dir.resolve("bad.keys");
    Files.writeString(bad, "format = mandate-master-keys/1\ncurrent = 1\nkey.1 = " + secretButShort + "\n");
    assertThatThrownBy(() -> FileMasterKeys.load(bad))
        .isInstanceOf(KeyUnavailableException.class)
        .hasMessageContaining("bad.keys:3")
        .hasMessageNotContaining(secretButShort);
  }

  @Test
  void aMissingFileIsUnavailable() {
    assertThatThrownBy(() -> FileMasterKeys.load(dir.resolve("absent.keys")))
        .isInstanceOf(KeyUnavailableException.class)
        .hasMessageContaining("does not exist");
  }
}
