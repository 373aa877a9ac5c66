package dev.mandate.core.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: stored API keys (hashed). */
public interface ApiKeyStore {
  void insert(ApiKey key);

  /** Inserts the key only if no key exists at all (first start); atomic across processes. */
  boolean insertIfNoneExist(ApiKey key);

  Optional<ApiKey> find(ApiKeyId id);

  List<ApiKey> list();

  /** Marks the key revoked; false if it does not exist or was already revoked. */
  boolean revoke(ApiKeyId id, Instant at);
}
