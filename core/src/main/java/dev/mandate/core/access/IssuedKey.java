package dev.mandate.core.access;

/** A newly created key with its secret, shown to the caller exactly once. */
public record IssuedKey(ApiKey key, String secret) {
  @Override
  public String toString() {
    return "IssuedKey[" + key.id() + "]";
  }
}
