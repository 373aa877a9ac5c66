package dev.mandate.app;

import dev.mandate.core.access.ApiKeyService;
import dev.mandate.core.access.IssuedKey;
import dev.mandate.core.agreement.AgreementService;
import dev.mandate.core.agreement.TermsValidator;
import dev.mandate.core.consent.ConsentLedger;
import dev.mandate.core.consent.DataSubjectConsent;
import dev.mandate.core.consent.SubjectLinks;
import dev.mandate.core.consent.TcfPurposeMap;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.core.customer.NotificationEndpoint;
import dev.mandate.core.instruction.InstructionService;
import dev.mandate.core.instruction.InstructionStore;
import dev.mandate.core.instruction.SealedTextInstructionStore;
import dev.mandate.core.instruction.InstructionValidator;
import dev.mandate.core.instruction.InstructionsInForce;
import dev.mandate.core.notice.NoticeChannel;
import dev.mandate.core.notice.NoticeDispatcher;
import dev.mandate.core.notice.NoticeService;
import dev.mandate.core.notice.WebhookSecrets;
import dev.mandate.notify.HttpWebhookChannel;
import dev.mandate.notify.SmtpEmailChannel;
import dev.mandate.storage.jdbc.JdbcInstructionStore;
import dev.mandate.storage.jdbc.JdbcNoticeOutbox;
import dev.mandate.storage.jdbc.JdbcWebhookSecretStore;
import dev.mandate.web.RuleFiles;
import dev.mandate.core.decision.DecisionPoint;
import dev.mandate.core.decision.DecisionService;
import dev.mandate.core.decision.InForceAgreements;
import dev.mandate.core.marketing.MarketingAudiences;
import dev.mandate.core.processinglog.LogProofs;
import dev.mandate.core.processinglog.ProcessingRecords;
import dev.mandate.core.report.ProcessorRecords;
import dev.mandate.core.vault.CachingVaultStore;
import dev.mandate.core.vault.VaultInput;
import dev.mandate.core.vault.VaultService;
import dev.mandate.core.vocabulary.Vocabulary;
import dev.mandate.crypto.EnvelopeKeyRing;
import dev.mandate.documents.MustacheAgreementRenderer;
import dev.mandate.documents.MustacheProcessorRecordRenderer;
import dev.mandate.storage.jdbc.JdbcAgreementStore;
import dev.mandate.storage.jdbc.JdbcApiKeyStore;
import dev.mandate.storage.jdbc.JdbcAudienceStore;
import dev.mandate.storage.jdbc.JdbcConsentEventStore;
import dev.mandate.storage.jdbc.JdbcCustomerStore;
import dev.mandate.storage.jdbc.JdbcIdempotencyStore;
import dev.mandate.storage.jdbc.JdbcProcessingLog;
import dev.mandate.storage.jdbc.JdbcVerifiableLog;
import dev.mandate.storage.jdbc.JdbcVaultStore;
import dev.mandate.storage.jdbc.JdbcWrappedKeyStore;
import dev.mandate.storage.jdbc.database.PostgresDatabase;
import dev.mandate.tcf.IabTcStrings;
import dev.mandate.web.ApiServer;
import dev.mandate.web.ApiServices;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The composition root: the one place where ports meet adapters. Read it top to bottom to see
 * how Mandate is put together.
 */
public final class Mandate implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Mandate.class.getName());
  private final PostgresDatabase database;
  private final JdbcProcessingLog processingLog;
  private final JdbcVerifiableLog verifiableLog;
  private final ApiServer server;
  private final List<ScheduledExecutorService> schedulers;
  private final Optional<IssuedKey> bootstrapKey;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  private Mandate(PostgresDatabase database, JdbcProcessingLog processingLog, JdbcVerifiableLog verifiableLog,
      ApiServer server, List<ScheduledExecutorService> schedulers, Optional<IssuedKey> bootstrapKey) {
    this.database = database;
    this.processingLog = processingLog;
    this.verifiableLog = verifiableLog;
    this.server = server;
    this.schedulers = schedulers;
    this.bootstrapKey = bootstrapKey;
  }

  public static Mandate start(Settings settings) {
    return start(settings, Clock.systemUTC());
  }

  public static Mandate start(Settings settings, Clock clock) {
    PostgresDatabase database = new PostgresDatabase(settings.database());
    try {
      return wire(settings, clock, database);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  private static Mandate wire(Settings settings, Clock clock, PostgresDatabase database) {
    var dataSource = database.dataSource();
    Vocabulary vocabulary = Vocabulary.dpv();
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    // Adapters (storage, crypto, documents)
    JdbcProcessingLog processingLog = new JdbcProcessingLog(dataSource);
    // Tiles and a signed checkpoint per customer whose log grew, every 0.9 s (8.2.6, PR-826-02)
    JdbcVerifiableLog verifiableLog = new JdbcVerifiableLog(dataSource, settings.masterKeys(), clock,
        new JdbcVerifiableLog.Options(settings.logOrigin(), Duration.ofMillis(900), 2048));
    var customerStore = new JdbcCustomerStore(dataSource);
    var agreementStore = new JdbcAgreementStore(dataSource);
    var apiKeyStore = new JdbcApiKeyStore(dataSource);
    // Sealed records stay cached for 1 s: a read needs no database round trip (ADR 0007)
    var vaultStore = new CachingVaultStore(new JdbcVaultStore(dataSource), Duration.ofSeconds(1), 20_000);
    var idempotency = new JdbcIdempotencyStore(dataSource);
    // Data keys rotated by `mandate keys rotate` in another process are picked up within 5 s.
    var keyRing = new EnvelopeKeyRing(new JdbcWrappedKeyStore(dataSource), settings.masterKeys(), clock,
        Duration.ofSeconds(5));
    var renderer = new MustacheAgreementRenderer(vocabulary);
    var recordRenderer = new MustacheProcessorRecordRenderer(vocabulary);
    Gauge.builder("mandate_processing_log_queue_depth", processingLog, JdbcProcessingLog::queueDepth)
        .description("Processing records waiting for their group commit").register(metrics);

    // Core services (8.2.1 agreements, 8.2.2 decisions and vault, 8.2.6 records and the Art. 30(2) record)
    DecisionPoint decisionPoint = new DecisionPoint(vocabulary);
    InForceAgreements inForce = new InForceAgreements(agreementStore, decisionPoint, Duration.ofSeconds(1));
    ApiKeyService apiKeys = new ApiKeyService(apiKeyStore, clock);
    CustomerService customers = new CustomerService(customerStore, processingLog, clock);
    // Notices to customers (8.2.4, 8.2.5): written to the outbox with the change they report, then
    // delivered by signed webhook and SMTP e-mail, retried with backoff; a restart loses none (ADR 0010)
    JdbcNoticeOutbox outbox = new JdbcNoticeOutbox(dataSource);
    NoticeService notices = new NoticeService(outbox, processingLog, customers::cached, clock);
    WebhookSecrets webhookSecrets = new WebhookSecrets(keyRing, customers, new JdbcWebhookSecretStore(dataSource),
        processingLog, clock);
    Map<NotificationEndpoint.Kind, NoticeChannel> channels = new EnumMap<>(NotificationEndpoint.Kind.class);
    channels.put(NotificationEndpoint.Kind.WEBHOOK, new HttpWebhookChannel(webhookSecrets::keys, clock,
        HttpWebhookChannel.DEFAULT_TIMEOUT, settings.notices().allowPlainHttpWebhooks()));
    if (settings.notices().smtp() != null) {
      channels.put(NotificationEndpoint.Kind.EMAIL, new SmtpEmailChannel(settings.notices().smtp(), clock));
    } else {
      LOG.warning("No --smtp-host: e-mail notices wait in the outbox and are retried until an SMTP server is set.");
    }
    NoticeDispatcher dispatcher = new NoticeDispatcher(outbox, channels, processingLog, clock);
    // Instructions (8.2.4): analysed against rule files per jurisdiction; held ones are not in force
    RuleFiles.Loaded rules = RuleFiles.load(vocabulary);
    // the customer's own words are encrypted at rest like vault values; the fields stay readable
    JdbcInstructionStore storedInstructions = new JdbcInstructionStore(dataSource);
    InstructionStore instructionStore = new SealedTextInstructionStore(storedInstructions, keyRing);
    // the decision point's cache reads states and fields only: no text to decrypt
    InstructionsInForce instructionsInForce = new InstructionsInForce(storedInstructions, Duration.ofSeconds(1));
    InstructionService instructions = new InstructionService(instructionStore, rules.analyser(),
        new InstructionValidator(vocabulary), customers, agreementStore, notices, outbox, instructionsInForce,
        processingLog, clock);
    // Accepting an agreement gives its terms as the standing instruction, analysed like any other
    AgreementService agreements = new AgreementService(agreementStore, customers, new TermsValidator(vocabulary),
        inForce, processingLog, clock, instructions::ensureStanding);
    // Consent ledger and the marketing gate (8.2.3): TC strings decoded by the IAB's own decoder
    Integer vendorId = settings.consent().tcfVendorId();
    if (vendorId != null && (vendorId < 1 || vendorId > 65_535)) {
      throw new IllegalArgumentException("--tcf-vendor-id must be a Global Vendor List id from 1 to 65535, not " + vendorId);
    }
    ConsentLedger consent = new ConsentLedger(new JdbcConsentEventStore(dataSource), customers, keyRing, keyRing,
        processingLog, decisionPoint.gates(), new IabTcStrings(), TcfPurposeMap.standard(),
        vendorId == null ? OptionalInt.empty() : OptionalInt.of(vendorId), clock);
    DataSubjectConsent subjectConsent = new DataSubjectConsent(consent, new SubjectLinks(keyRing), vocabulary);
    DecisionService decisions = new DecisionService(decisionPoint, inForce, customers, keyRing, processingLog,
        vocabulary, consent, instructionsInForce, clock);
    VaultService vault = new VaultService(vaultStore, decisions, inForce, customers, keyRing, keyRing, keyRing,
        processingLog, new VaultInput(vocabulary), clock);
    MarketingAudiences audiences = new MarketingAudiences(new JdbcAudienceStore(dataSource), vault, decisionPoint,
        inForce, customers, processingLog, consent, vocabulary, instructionsInForce, clock);
    ProcessingRecords records = new ProcessingRecords(processingLog, customers);
    LogProofs logProofs = new LogProofs(verifiableLog, customers);
    ProcessorRecords processorRecords = new ProcessorRecords(customers, agreementStore, processingLog,
        settings.processor(), clock);

    // HTTP
    ApiServer server = new ApiServer(new ApiServices(apiKeys, customers, agreements, renderer, decisions, vault, consent,
        subjectConsent, audiences, instructions, rules, webhookSecrets, records, logProofs, processorRecords,
        recordRenderer, idempotency, vocabulary, metrics,
        () -> databaseUp(dataSource), settings.consent().publicUrl(), clock),
        settings.host(), settings.httpPort());
    server.start();
    verifiableLog.start();

    // Scheduled jobs: retention purge (PR-841-01 style sweeper) and idempotency expiry
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mandate-retention");
      t.setDaemon(true);
      return t;
    });
    long every = settings.retentionSweepInterval().toMillis();
    scheduler.scheduleWithFixedDelay(() -> sweep(vault, idempotency, clock), every, every, TimeUnit.MILLISECONDS);
    // Notice delivery on its own thread: a slow webhook must not hold up the retention sweep
    ScheduledExecutorService noticeSender = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mandate-notices");
      t.setDaemon(true);
      return t;
    });
    long poll = settings.notices().pollInterval().toMillis();
    noticeSender.scheduleWithFixedDelay(() -> deliverNotices(dispatcher), poll, poll, TimeUnit.MILLISECONDS);

    // Agreements accepted before their standing instructions could be stored (or before this
    // version of Mandate) are not in force until analysed: analyse them now, and again each sweep
    repairStanding(customerStore, instructions);
    scheduler.scheduleWithFixedDelay(() -> repairStanding(customerStore, instructions), every, every,
        TimeUnit.MILLISECONDS);

    Optional<IssuedKey> bootstrap = apiKeys.bootstrapAdmin();
    return new Mandate(database, processingLog, verifiableLog, server, List.of(scheduler, noticeSender), bootstrap);
  }

  static void sweep(VaultService vault, JdbcIdempotencyStore idempotency, Clock clock) {
    try {
      int purged;
      do {
        purged = vault.purgeExpired(500);
        int n = purged;
        if (n > 0) {
          LOG.info(() -> "Retention sweep purged " + n + " vault fields past their retention.");
        }
      } while (purged == 500);
      idempotency.expire(clock.instant().minus(Duration.ofHours(24)));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Retention sweep failed; it runs again at the next interval: " + e.getClass().getSimpleName());
    }
  }

  /** Gives every customer's agreement in force its standing instructions if any are missing. */
  static void repairStanding(JdbcCustomerStore customers, InstructionService instructions) {
    try {
      String after = null;
      List<dev.mandate.core.customer.Customer> page;
      do {
        page = customers.list(after, 500, null);
        for (var c : page) {
          instructions.ensureStanding(c.id());
        }
        after = page.isEmpty() ? null : page.getLast().id().value();
      } while (page.size() == 500);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Standing instructions could not be analysed; retried at the next sweep: "
          + e.getClass().getSimpleName());
    }
  }

  /** Delivers due notices until fewer than a batch are due; a failure waits for the next poll. */
  static void deliverNotices(NoticeDispatcher dispatcher) {
    try {
      while (dispatcher.dispatchDue() == NoticeDispatcher.DEFAULT_BATCH) {
        // a full batch: more may be due
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Notice delivery failed; it runs again at the next poll: " + e.getClass().getSimpleName());
    }
  }

  /** Health: the database answers within a second. */
  static boolean databaseUp(javax.sql.DataSource dataSource) {
    try (var c = dataSource.getConnection()) {
      return c.isValid(1);
    } catch (java.sql.SQLException | RuntimeException e) {
      return false;
    }
  }

  public int port() {
    return server.port();
  }

  /** The first processor-admin key, if this start created it (first start on an empty database). */
  public Optional<IssuedKey> bootstrapKey() {
    return bootstrapKey;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    schedulers.forEach(ScheduledExecutorService::shutdownNow);
    server.close();
    verifiableLog.close();
    processingLog.close();
    database.close();
  }
}
