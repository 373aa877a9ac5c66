package dev.mandate.testkit;

import dev.mandate.core.access.ApiKey;
import dev.mandate.core.access.ApiKeyId;
import dev.mandate.core.access.ApiKeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** API keys in memory, for tests. */
public final class InMemoryApiKeyStore implements ApiKeyStore {
  private final ConcurrentSkipListMap<String, ApiKey> keys = new ConcurrentSkipListMap<>();

  @Override
  public void insert(ApiKey key) {
    if (keys.putIfAbsent(key.id().value(), key) != null) {
      throw new IllegalStateException("duplicate key id");
    }
  }

  @Override
  public synchronized boolean insertIfNoneExist(ApiKey key) {
    if (!keys.isEmpty()) {
      return false;
    }
    keys.put(key.id().value(), key);
    return true;
  }

  @Override
  public Optional<ApiKey> find(ApiKeyId id) {
    return Optional.ofNullable(keys.get(id.value()));
  }

  @Override
  public List<ApiKey> list() {
    return List.copyOf(keys.values());
  }

  @Override
  public synchronized boolean revoke(ApiKeyId id, Instant at) {
    ApiKey k = keys.get(id.value());
    if (k == null || k.revoked()) {
      return false;
    }
    keys.put(id.value(), new ApiKey(k.id(), k.label(), k.role(), k.customers(), k.purposes(), k.secretHash(),
        k.createdAt(), k.createdBy(), at));
    return true;
  }
}
