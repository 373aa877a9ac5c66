package dev.mandate.crypto;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.keys.BlindIndex;
import dev.mandate.core.keys.FieldCipher;
import dev.mandate.core.keys.KeyPurpose;
import dev.mandate.core.keys.KeyRotation;
import dev.mandate.core.keys.LinkSigner;
import dev.mandate.core.keys.KeyUnavailableException;
import dev.mandate.core.keys.MasterKeys;
import dev.mandate.core.keys.Pseudonyms;
import dev.mandate.core.keys.RotationReport;
import dev.mandate.core.keys.SealedValue;
import dev.mandate.core.keys.TamperedValueException;
import dev.mandate.core.keys.WrappedKey;
import dev.mandate.core.keys.WrappedKeyStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;

/**
 * Envelope encryption: per-customer 256-bit data keys (one family per {@link KeyPurpose}), stored
 * wrapped under {@link MasterKeys}, cached unwrapped in memory. Version 1 of a family is created on
 * first use; processes racing to create it converge through {@link WrappedKeyStore#insertIfAbsent}.
 * A version missing from the cache is re-read from the store (another process may have rotated),
 * and the current field key is re-checked every {@code recheck} so that all processes move to a
 * new version soon after {@link #rotateDataKeys}.
 */
public final class EnvelopeKeyRing implements FieldCipher, BlindIndex, Pseudonyms, KeyRotation, LinkSigner {
  static final int DATA_KEY_BYTES = 32;
  static final int REWRAP_BATCH = 256;
  public static final Duration DEFAULT_RECHECK = Duration.ofMinutes(1);
  private static final int PSEUDONYM_BYTES = 16;
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final System.Logger LOG = System.getLogger(EnvelopeKeyRing.class.getName());

  private record Slot(CustomerId customer, KeyPurpose purpose, int version) {}

  private record Current(int version, SecretKey key, long checkedAt) {
    Current checked(long at) {
      return new Current(version, key, at);
    }

    static Current newer(Current old, Current fresh) {
      return fresh.version >= old.version ? fresh : old.checked(fresh.checkedAt);
    }
  }

  private final WrappedKeyStore store;
  private final MasterKeys master;
  private final DataKeyWrapping wrapping;
  private final Clock clock;
  private final long recheckMillis;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentMap<Slot, SecretKey> keys = new ConcurrentHashMap<>();
  private final ConcurrentMap<CustomerId, Current> current = new ConcurrentHashMap<>();

  public EnvelopeKeyRing(WrappedKeyStore store, MasterKeys master, Clock clock) {
    this(store, master, clock, DEFAULT_RECHECK);
  }

  public EnvelopeKeyRing(WrappedKeyStore store, MasterKeys master, Clock clock, Duration recheck) {
    this.store = store;
    this.master = master;
    this.wrapping = new DataKeyWrapping(master);
    this.clock = clock;
    this.recheckMillis = recheck.toMillis();
  }

  @Override
  public SealedValue seal(CustomerId customer, byte[] plaintext, byte[] aad) {
    Current c = currentFieldKey(customer);
    return new SealedValue(c.version(), AesGcm.seal(c.key(), plaintext, aad));
  }

  @Override
  public byte[] open(CustomerId customer, SealedValue sealed, byte[] aad) {
    SecretKey key = key(customer, KeyPurpose.FIELD_ENCRYPTION, sealed.keyVersion(), false);
    try {
      return AesGcm.open(key, sealed.ciphertext(), aad);
    } catch (AEADBadTagException e) {
      throw new TamperedValueException("a sealed value of customer " + customer.value() + " (key v"
          + sealed.keyVersion() + ") does not authenticate: altered, or read with the wrong record or field");
    }
  }

  @Override
  public byte[] index(CustomerId customer, String field, String normalizedValue) {
    byte[] f = field.getBytes(StandardCharsets.UTF_8);
    byte[] v = normalizedValue.getBytes(StandardCharsets.UTF_8);
    byte[] message = ByteBuffer.allocate(8 + f.length + v.length)
        .putInt(f.length).put(f).putInt(v.length).put(v).array();
    return HmacSha256.mac(key(customer, KeyPurpose.BLIND_INDEX, 1, true), message);
  }

  /**
   * HMAC-SHA256 under a key derived from the blind-index key with a message no blind index can
   * have (its length prefix would be -1), so link signatures and blind indexes never collide.
   */
  @Override
  public byte[] sign(CustomerId customer, byte[] message) {
    byte[] label = "mandate/link-signing/v1".getBytes(StandardCharsets.UTF_8);
    byte[] derive = ByteBuffer.allocate(4 + label.length).putInt(-1).put(label).array();
    byte[] linkKey = HmacSha256.mac(key(customer, KeyPurpose.BLIND_INDEX, 1, true), derive);
    try {
      return HmacSha256.mac(new javax.crypto.spec.SecretKeySpec(linkKey, HmacSha256.ALGORITHM), message);
    } finally {
      Arrays.fill(linkKey, (byte) 0);
    }
  }

  @Override
  public String of(CustomerId customer, String subjectId) {
    byte[] mac = HmacSha256.mac(key(customer, KeyPurpose.PSEUDONYM, 1, true),
        subjectId.getBytes(StandardCharsets.UTF_8));
    return "ps_" + BASE64URL.encodeToString(Arrays.copyOf(mac, PSEUDONYM_BYTES));
  }

  @Override
  public RotationReport rotateDataKeys(CustomerId customer) {
    int next = latest(store.keysOf(customer), KeyPurpose.FIELD_ENCRYPTION) + 1;
    boolean created = create(customer, KeyPurpose.FIELD_ENCRYPTION, next);
    refreshCurrent(customer);
    return new RotationReport(master.currentVersion(), 0, created ? 1 : 0);
  }

  @Override
  public RotationReport rewrapAll() {
    int target = master.currentVersion();
    int rewrapped = 0;
    for (int under = 1; under < target; under++) {
      List<WrappedKey> previous = List.of();
      List<WrappedKey> batch;
      while (!(batch = store.wrappedUnder(under, REWRAP_BATCH)).isEmpty()) {
        if (batch.equals(previous)) {
          throw new IllegalStateException("the key store did not replace wrappings under master key v" + under);
        }
        for (WrappedKey key : batch) {
          store.replaceWrapping(wrapping.rewrap(key));
          rewrapped++;
        }
        previous = batch;
      }
    }
    return new RotationReport(target, rewrapped, 0);
  }

  @Override
  public String toString() {
    return "EnvelopeKeyRing[" + keys.size() + " cached keys, master " + master + "]";
  }

  private Current currentFieldKey(CustomerId customer) {
    Current c = current.get(customer);
    if (c == null) {
      return refreshCurrent(customer);
    }
    long now = clock.millis();
    if (now - c.checkedAt() < recheckMillis || !current.replace(customer, c, c.checked(now))) {
      return c; // fresh enough, or another thread is re-checking
    }
    try {
      return refreshCurrent(customer);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "keeping field key v{0} of customer {1}: re-check failed: {2}",
          c.version(), customer.value(), e.toString());
      return c;
    }
  }

  private Current refreshCurrent(CustomerId customer) {
    List<WrappedKey> stored = store.keysOf(customer);
    if (latest(stored, KeyPurpose.FIELD_ENCRYPTION) == 0) {
      create(customer, KeyPurpose.FIELD_ENCRYPTION, 1);
      stored = store.keysOf(customer);
    }
    int version = latest(stored, KeyPurpose.FIELD_ENCRYPTION);
    SecretKey key = cache(find(stored, customer, KeyPurpose.FIELD_ENCRYPTION, version));
    return current.merge(customer, new Current(version, key, clock.millis()), Current::newer);
  }

  private SecretKey key(CustomerId customer, KeyPurpose purpose, int version, boolean createFirst) {
    SecretKey key = keys.get(new Slot(customer, purpose, version));
    return key != null ? key : load(customer, purpose, version, createFirst);
  }

  private SecretKey load(CustomerId customer, KeyPurpose purpose, int version, boolean createFirst) {
    List<WrappedKey> stored = store.keysOf(customer);
    if (createFirst && version == 1 && latest(stored, purpose) == 0) {
      create(customer, purpose, 1);
      stored = store.keysOf(customer);
    }
    return cache(find(stored, customer, purpose, version));
  }

  private SecretKey cache(WrappedKey stored) {
    Slot slot = new Slot(stored.customer(), stored.purpose(), stored.version());
    SecretKey cached = keys.get(slot);
    if (cached != null) {
      return cached;
    }
    SecretKey prior = keys.putIfAbsent(slot, wrapping.unwrap(stored));
    return prior != null ? prior : keys.get(slot);
  }

  /** Stores a new random data key; false if another process stored that version first. */
  private boolean create(CustomerId customer, KeyPurpose purpose, int version) {
    byte[] dataKey = new byte[DATA_KEY_BYTES];
    random.nextBytes(dataKey);
    try {
      return store.insertIfAbsent(wrapping.wrap(customer, purpose, version, dataKey, clock.instant()));
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  private static WrappedKey find(List<WrappedKey> stored, CustomerId customer, KeyPurpose purpose, int version) {
    Optional<WrappedKey> found = stored.stream()
        .filter(k -> k.purpose() == purpose && k.version() == version)
        .findFirst();
    return found.orElseThrow(() -> new KeyUnavailableException(
        "no " + purpose + " key v" + version + " for customer " + customer.value()));
  }

  private static int latest(List<WrappedKey> stored, KeyPurpose purpose) {
    return stored.stream().filter(k -> k.purpose() == purpose).mapToInt(WrappedKey::version).max().orElse(0);
  }
}
