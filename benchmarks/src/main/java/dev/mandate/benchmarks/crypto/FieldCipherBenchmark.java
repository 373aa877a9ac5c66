package dev.mandate.benchmarks.crypto;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.keys.SealedValue;
import dev.mandate.crypto.EnvelopeKeyRing;
import dev.mandate.crypto.EnvironmentMasterKeys;
import dev.mandate.testkit.keys.InMemoryWrappedKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Field encryption throughput (target: at least 1M seals/s per core for small values), beside
 * two baselines: the JDK floor (one Cipher, one fixed key, no ring) and the naive way (a new Cipher
 * and a master-key unwrap per call), which is what the ring's caches avoid.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FieldCipherBenchmark {
  private static final CustomerId CUSTOMER = new CustomerId("acme-payroll");

  private EnvelopeKeyRing ring;
  private EnvironmentMasterKeys master;
  private final byte[] aad = "acme-payroll|4f1c2a9e-0d7b-4c51-a3a7-1f0e2d9c8b7a|email".getBytes(StandardCharsets.UTF_8);
  private final byte[] value32 = new byte[32];
  private final byte[] value256 = new byte[256];
  private SealedValue sealed32;
  private SealedValue sealed256;
  private byte[] wrappedDataKey;

  @Setup
  public void setUp() {
    byte[] masterKey = new byte[32];
    new SecureRandom().nextBytes(masterKey);
    master = EnvironmentMasterKeys.parse("1:" + Base64.getEncoder().encodeToString(masterKey));
    ring = new EnvelopeKeyRing(new InMemoryWrappedKeyStore(), master, Clock.systemUTC());
    new SecureRandom().nextBytes(value32);
    new SecureRandom().nextBytes(value256);
    sealed32 = ring.seal(CUSTOMER, value32, aad);
    sealed256 = ring.seal(CUSTOMER, value256, aad);
    ring.index(CUSTOMER, "email", "warm-up");
    wrappedDataKey = master.wrap(new byte[32], aad);
  }

  @Benchmark
  public SealedValue seal32() {
    return ring.seal(CUSTOMER, value32, aad);
  }

  @Benchmark
  public SealedValue seal256() {
    return ring.seal(CUSTOMER, value256, aad);
  }

  @Benchmark
  public byte[] open32() {
    return ring.open(CUSTOMER, sealed32, aad);
  }

  @Benchmark
  public byte[] open256() {
    return ring.open(CUSTOMER, sealed256, aad);
  }

  @Benchmark
  public byte[] blindIndex() {
    return ring.index(CUSTOMER, "email", "ada.lovelace@example.org");
  }

  @Benchmark
  public String pseudonym() {
    return ring.of(CUSTOMER, "subject-4f1c2a9e");
  }

  /** Baseline: raw JDK AES-GCM, one Cipher per thread, fixed key, DRBG nonce per call. */
  @Benchmark
  public byte[] baselineJdkSeal32(JdkFloor floor) throws GeneralSecurityException {
    return floor.seal(value32, aad);
  }

  /** Baseline: unwrap the data key and get a new Cipher on every call. */
  @Benchmark
  public byte[] baselineNaiveSeal32() throws GeneralSecurityException {
    byte[] dataKey = master.unwrap(1, wrappedDataKey, aad);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    byte[] nonce = new byte[12];
    new SecureRandom().nextBytes(nonce);
    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, nonce));
    cipher.updateAAD(aad);
    return cipher.doFinal(value32);
  }

  /** Per-thread state of the JDK floor baseline. */
  @State(Scope.Thread)
  public static class JdkFloor {
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final SecureRandom random;

    public JdkFloor() {
      try {
        cipher = Cipher.getInstance("AES/GCM/NoPadding");
        random = SecureRandom.getInstance("DRBG");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      byte[] raw = new byte[32];
      random.nextBytes(raw);
      key = new SecretKeySpec(raw, "AES");
    }

    byte[] seal(byte[] plaintext, byte[] aad) throws GeneralSecurityException {
      byte[] out = new byte[12 + plaintext.length + 16];
      byte[] nonce = new byte[12];
      random.nextBytes(nonce);
      System.arraycopy(nonce, 0, out, 0, 12);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, out, 0, 12));
      cipher.updateAAD(aad);
      cipher.doFinal(plaintext, 0, plaintext.length, out, 12);
      return out;
    }
  }
}
