package dev.mandate.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mandate.core.access.ApiKeyService;
import dev.mandate.core.access.ApiKeyService.KeyRequest;
import dev.mandate.core.access.IssuedKey;
import dev.mandate.core.access.Principal;
import dev.mandate.core.agreement.AgreementRenderer;
import dev.mandate.core.agreement.AgreementService;
import dev.mandate.core.agreement.TermsValidator;
import dev.mandate.core.consent.ConsentLedger;
import dev.mandate.core.consent.DataSubjectConsent;
import dev.mandate.core.consent.SubjectLinks;
import dev.mandate.core.consent.TcfPurposeMap;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.core.notice.WebhookSecrets;
import dev.mandate.testkit.InMemoryWebhookSecretStore;
import dev.mandate.core.decision.DecisionPoint;
import dev.mandate.core.decision.DecisionService;
import dev.mandate.core.decision.InForceAgreements;
import dev.mandate.core.instruction.InstructionService;
import dev.mandate.core.instruction.InstructionValidator;
import dev.mandate.core.instruction.InstructionsInForce;
import dev.mandate.core.notice.NoticeService;
import dev.mandate.core.keys.BlindIndex;
import dev.mandate.core.keys.FieldCipher;
import dev.mandate.core.keys.LinkSigner;
import dev.mandate.core.keys.Pseudonyms;
import dev.mandate.core.keys.SealedValue;
import dev.mandate.core.keys.TamperedValueException;
import dev.mandate.core.processinglog.LogProofs;
import dev.mandate.core.processinglog.ProcessingRecords;
import dev.mandate.testkit.InMemoryVerifiableLog;
import dev.mandate.core.report.Party;
import dev.mandate.core.report.ProcessorIdentity;
import dev.mandate.core.report.ProcessorRecords;
import dev.mandate.core.marketing.MarketingAudiences;
import dev.mandate.core.vault.VaultInput;
import dev.mandate.core.vault.VaultService;
import dev.mandate.core.vocabulary.Vocabulary;
import dev.mandate.tcf.IabTcStrings;
import dev.mandate.testkit.InMemoryAgreementStore;
import dev.mandate.testkit.InMemoryAudienceStore;
import dev.mandate.testkit.InMemoryConsentEventStore;
import dev.mandate.testkit.InMemoryApiKeyStore;
import dev.mandate.testkit.InMemoryCustomerStore;
import dev.mandate.testkit.InMemoryIdempotencyStore;
import dev.mandate.testkit.InMemoryInstructionStore;
import dev.mandate.testkit.InMemoryNoticeOutbox;
import dev.mandate.testkit.InMemoryProcessingLog;
import dev.mandate.testkit.InMemoryVaultStore;
import dev.mandate.testkit.MutableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The real API server on a free port, wired to the in-memory adapters of the testkit and a small
 * test cipher, with an HTTP client. Keys for each role are issued up front.
 */
final class TestApi implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CUSTOMER = "acme";
  static final ProcessorIdentity PROCESSOR = new ProcessorIdentity(
      new Party("Payroll Cloud GmbH", "privacy@payroll-cloud.example"), new Party("Dr. Petra Schmidt", null), null);

  final MutableClock clock = MutableClock.at("2026-06-15T09:00:00Z");
  final InMemoryProcessingLog log = new InMemoryProcessingLog();
  final InMemoryIdempotencyStore idempotency = new InMemoryIdempotencyStore();
  final InMemoryConsentEventStore consentStore;
  final ConsentLedger consent;
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final AtomicBoolean databaseUp = new AtomicBoolean(true);
  final ApiKeyService apiKeys;
  final CustomerService customers;
  final AgreementService agreements;
  final InMemoryNoticeOutbox outbox = new InMemoryNoticeOutbox();
  final InstructionService instructions;
  final ApiServer server;
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  final IssuedKey admin;
  private volatile AgreementRenderer renderer = (customer, version) -> new AgreementRenderer.Document(
      "# Agreement " + version.version() + " with " + customer.name() + "\n",
      "<h1>Agreement " + version.version() + "</h1>\n", 64.5);

  TestApi() {
    Vocabulary vocabulary = Vocabulary.dpv();
    apiKeys = new ApiKeyService(new InMemoryApiKeyStore(), clock);
    customers = new CustomerService(new InMemoryCustomerStore(), log, clock);
    InMemoryAgreementStore agreementStore = new InMemoryAgreementStore();
    DecisionPoint decisionPoint = new DecisionPoint(vocabulary);
    InForceAgreements inForce = new InForceAgreements(agreementStore, decisionPoint, Duration.ofSeconds(1));
    // instructions (8.2.4): accepting an agreement gives its terms as standing instructions
    RuleFiles.Loaded rules = RuleFiles.load(vocabulary);
    InMemoryInstructionStore instructionStore = new InMemoryInstructionStore(outbox);
    InstructionsInForce instructionsInForce = new InstructionsInForce(instructionStore, Duration.ofSeconds(1));
    instructions = new InstructionService(instructionStore, rules.analyser(), new InstructionValidator(vocabulary),
        customers, agreementStore, new NoticeService(outbox, log, customers::cached, clock), outbox,
        instructionsInForce, log, clock);
    agreements = new AgreementService(agreementStore, customers, new TermsValidator(vocabulary), inForce, log, clock,
        instructions::ensureStanding);
    TestCrypto crypto = new TestCrypto();
    consentStore = new InMemoryConsentEventStore();
    consent = new ConsentLedger(consentStore, customers, crypto, crypto, log, decisionPoint.gates(), new IabTcStrings(),
        TcfPurposeMap.standard(), OptionalInt.empty(), clock);
    DecisionService decisions = new DecisionService(decisionPoint, inForce, customers, crypto, log, vocabulary, consent,
        instructionsInForce, clock);
    InMemoryVaultStore vaultStore = new InMemoryVaultStore();
    VaultService vault = new VaultService(vaultStore, decisions, inForce, customers, crypto, crypto,
        crypto, log, new VaultInput(vocabulary), clock);
    MarketingAudiences audiences = new MarketingAudiences(new InMemoryAudienceStore(consentStore, vaultStore), vault,
        decisionPoint, inForce, customers, log, consent, vocabulary, clock);
    AgreementRenderer delegating = (customer, version) -> renderer.render(customer, version);
    ApiServices services = new ApiServices(apiKeys, customers, agreements, delegating, decisions, vault, consent,
        new DataSubjectConsent(consent, new SubjectLinks(crypto), vocabulary), audiences, instructions, rules,
        new WebhookSecrets(crypto, customers, new InMemoryWebhookSecretStore(), log, clock),
        new ProcessingRecords(log, customers), new LogProofs(new InMemoryVerifiableLog(log, clock), customers),
        new ProcessorRecords(customers, agreementStore, log, PROCESSOR, clock),
        record -> "<!DOCTYPE html>\n<h1>Record of processing activities for " + record.customer() + "</h1>\n",
        idempotency, vocabulary, registry, databaseUp::get, null, clock);
    admin = apiKeys.bootstrapAdmin().orElseThrow();
    server = new ApiServer(services, "127.0.0.1", 0).start();
  }

  void renderer(AgreementRenderer r) {
    this.renderer = r;
  }

  Principal adminPrincipal() {
    return admin.key().principal();
  }

  String adminToken() {
    return admin.secret();
  }

  String issue(String role, Set<String> customers, Set<String> purposes) {
    return apiKeys.issue(adminPrincipal(), new KeyRequest("test " + role, role, customers, purposes)).secret();
  }

  String serviceToken() {
    return issue("processor-service", Set.of(CUSTOMER),
        Set.of("dpv:PersonnelManagement", "custom:MonthlyPayroll", "dpv:LegalCompliance"));
  }

  String dpoToken() {
    return issue("customer-dpo", Set.of(CUSTOMER), Set.of());
  }

  static String payrollTerms() {
    try (InputStream in = TestApi.class.getResourceAsStream("/agreements/payroll.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String customerBody(String id) {
    return """
        {"id":"%s","name":"Acme GmbH","jurisdictions":["EU-GDPR"],
         "dpo":{"name":"Dana Privacy","email":"dpo@acme.example","phone":"+49 30 1234"},
         "notificationEndpoints":[{"kind":"WEBHOOK","address":"https://acme.example/hooks/mandate"}]}
        """.formatted(id);
  }

  /** Customer {@code acme} with the payroll agreement accepted by its DPO. */
  void acmeWithAgreement() {
    expect(send("POST", "/v1/customers", adminToken(), customerBody(CUSTOMER)), 201);
    expect(send("POST", "/v1/customers/acme/agreement/versions", adminToken(), payrollTerms()), 201);
    expect(send("POST", "/v1/customers/acme/agreement/versions/1/offer", adminToken(), null), 200);
    expect(send("POST", "/v1/customers/acme/agreement/versions/1/accept", dpoToken(), null), 200);
  }

  static HttpResponse<String> expect(HttpResponse<String> r, int status) {
    if (r.statusCode() != status) {
      throw new AssertionError("expected " + status + " but got " + r.statusCode() + ": " + r.body());
    }
    return r;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  HttpResponse<String> send(String method, String path, String token, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    return send(b.build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    client.close();
  }

  /** AES-GCM, HMAC blind index and HMAC pseudonyms with fixed test keys: enough to exercise the vault. */
  static final class TestCrypto implements FieldCipher, BlindIndex, Pseudonyms, LinkSigner {
    private static final byte[] KEY = new byte[32];
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentLinkedQueue<Cipher> ciphers = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Mac> macs = new ConcurrentLinkedQueue<>();

    static {
      Arrays.fill(KEY, (byte) 7);
    }

    @Override
    public SealedValue seal(CustomerId customer, byte[] plaintext, byte[] aad) {
      try {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        Cipher c = cipher();
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(aad);
        byte[] ct = c.doFinal(plaintext);
        ciphers.offer(c);
        return new SealedValue(1, ByteBuffer.allocate(12 + ct.length).put(nonce).put(ct).array());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public byte[] open(CustomerId customer, SealedValue sealed, byte[] aad) {
      try {
        byte[] all = sealed.ciphertext();
        Cipher c = cipher();
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(KEY, "AES"), new GCMParameterSpec(128, all, 0, 12));
        c.updateAAD(aad);
        byte[] plain = c.doFinal(all, 12, all.length - 12);
        ciphers.offer(c);
        return plain;
      } catch (GeneralSecurityException e) {
        throw new TamperedValueException("test cipher could not open the value", e);
      }
    }

    @Override
    public byte[] index(CustomerId customer, String field, String normalizedValue) {
      return hmac(customer.value() + "\u0000" + field + "\u0000" + normalizedValue);
    }

    @Override
    public byte[] sign(CustomerId customer, byte[] message) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(("link-" + customer.value()).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(message);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public String of(CustomerId customer, String subjectId) {
      byte[] h = hmac(customer.value() + "\u0000subject\u0000" + subjectId);
      return "ps_" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(h, 16));
    }

    private Cipher cipher() throws GeneralSecurityException {
      Cipher c = ciphers.poll();
      return c != null ? c : Cipher.getInstance("AES/GCM/NoPadding");
    }

    private byte[] hmac(String s) {
      try {
        Mac mac = macs.poll();
        if (mac == null) {
          mac = Mac.getInstance("HmacSHA256");
          mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        }
        byte[] out = mac.doFinal(s.getBytes(StandardCharsets.UTF_8));
        macs.offer(mac);
        return out;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
