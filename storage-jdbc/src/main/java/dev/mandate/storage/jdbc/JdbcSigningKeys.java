package dev.mandate.storage.jdbc;

import dev.mandate.core.keys.MasterKeys;
import dev.mandate.core.processinglog.SigningKey;
import dev.mandate.logverify.NoteSigner;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * The Ed25519 keys that sign checkpoints, in {@code log_signing_keys}. The 32-byte seed is stored
 * wrapped by the master key (AES-GCM, bound to the key's vkey), never in the clear. Exactly one
 * key is current; rotating retires it but keeps its public key, so that the checkpoints it signed
 * stay verifiable. The first signer is created on first use; when two processes race to create
 * it, the unique index lets one win and the other reads the winner's key.
 */
final class JdbcSigningKeys {
  private final DataSource dataSource;
  private final MasterKeys master;
  private final Clock clock;
  private final String keyName;
  private volatile NoteSigner current;

  JdbcSigningKeys(DataSource dataSource, MasterKeys master, Clock clock, String keyName) {
    this.dataSource = dataSource;
    this.master = master;
    this.clock = clock;
    this.keyName = keyName;
  }

  /** The current signer, as the database says now (another process may have rotated it). */
  NoteSigner current() {
    String vkey = Sql.read(dataSource, "log signing key read", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT vkey FROM log_signing_keys WHERE retired_at IS NULL");
          ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    });
    NoteSigner known = current;
    if (vkey != null && known != null && known.vkey().equals(vkey)) {
      return known;
    }
    if (vkey == null) {
      create(false);
      return current();
    }
    current = load(vkey);
    return current;
  }

  /** Two rotations at the same moment both succeed, one after the other. */
  SigningKey rotate() {
    for (int attempt = 1; ; attempt++) {
      try {
        return create(true);
      } catch (IllegalStateException e) {
        if (attempt >= 5 || !e.getMessage().contains("log_signing_keys_one_current")) {
          throw e;
        }
      }
    }
  }

  List<SigningKey> all() {
    return Sql.read(dataSource, "log signing key list", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT vkey, created_at, retired_at FROM log_signing_keys ORDER BY created_at, vkey");
          ResultSet rs = ps.executeQuery()) {
        List<SigningKey> keys = new ArrayList<>();
        while (rs.next()) {
          keys.add(new SigningKey(rs.getString(1), Sql.instant(rs, "created_at"), Sql.instant(rs, "retired_at")));
        }
        return keys;
      }
    });
  }

  private SigningKey create(boolean retireCurrent) {
    NoteSigner signer = NoteSigner.generate(keyName);
    byte[] seed = signer.seed();
    byte[] wrapped = master.wrap(seed, aad(signer.vkey()));
    Arrays.fill(seed, (byte) 0);
    var now = clock.instant();
    try {
      Sql.transaction(dataSource, "log signing key creation", c -> {
        if (retireCurrent) {
          try (PreparedStatement ps = c.prepareStatement(
              "UPDATE log_signing_keys SET retired_at = ? WHERE retired_at IS NULL")) {
            ps.setObject(1, Sql.timestamp(now));
            ps.executeUpdate();
          }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO log_signing_keys"
            + " (key_name, key_id, vkey, master_version, wrapped_seed, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
          ps.setString(1, signer.name());
          ps.setLong(2, Integer.toUnsignedLong(signer.keyId()));
          ps.setString(3, signer.vkey());
          ps.setInt(4, master.currentVersion());
          ps.setBytes(5, wrapped);
          ps.setObject(6, Sql.timestamp(now));
          ps.executeUpdate();
        }
        return null;
      });
    } catch (IllegalStateException e) {
      if (!retireCurrent && e.getMessage().contains("log_signing_keys_one_current")) {
        return null; // another process created the first key at the same moment; use theirs
      }
      throw e;
    }
    current = signer;
    return new SigningKey(signer.vkey(), Sql.timestamp(now).toInstant(), null);
  }

  private NoteSigner load(String vkey) {
    return Sql.read(dataSource, "log signing key load", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT key_name, master_version, wrapped_seed FROM log_signing_keys WHERE vkey = ?")) {
        ps.setString(1, vkey);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new SQLException("signing key vanished", "MD012");
          }
          byte[] seed = master.unwrap(rs.getInt(2), rs.getBytes(3), aad(vkey));
          try {
            NoteSigner signer = NoteSigner.fromSeed(rs.getString(1), seed);
            if (!signer.vkey().equals(vkey)) {
              throw new SQLException("signing key does not match its public key", "MD012");
            }
            return signer;
          } finally {
            Arrays.fill(seed, (byte) 0);
          }
        }
      }
    });
  }

  private static byte[] aad(String vkey) {
    return ("mandate log signing key " + vkey).getBytes(StandardCharsets.UTF_8);
  }
}
