package dev.mandate.web;

import dev.mandate.core.access.ApiKeyService;
import dev.mandate.core.agreement.AgreementRenderer;
import dev.mandate.core.agreement.AgreementService;
import dev.mandate.core.consent.ConsentLedger;
import dev.mandate.core.consent.DataSubjectConsent;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.core.marketing.MarketingAudiences;
import dev.mandate.core.decision.DecisionService;
import dev.mandate.core.idempotency.IdempotencyStore;
import dev.mandate.core.instruction.InstructionService;
import dev.mandate.core.notice.WebhookSecrets;
import dev.mandate.core.processinglog.LogProofs;
import dev.mandate.core.processinglog.ProcessingRecords;
import dev.mandate.core.report.ProcessorRecordRenderer;
import dev.mandate.core.report.ProcessorRecords;
import dev.mandate.core.vault.VaultService;
import dev.mandate.core.vocabulary.Vocabulary;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Everything the HTTP API needs from the rest of Mandate; built by the composition root.
 * {@code publicUrl} (may be null: the request's own Host) prefixes links sent to people.
 * {@code analyser} (the loaded rule files) analyses dry runs that name no customer.
 */
public record ApiServices(
    ApiKeyService apiKeys,
    CustomerService customers,
    AgreementService agreements,
    AgreementRenderer renderer,
    DecisionService decisions,
    VaultService vault,
    ConsentLedger consent,
    DataSubjectConsent subjectConsent,
    MarketingAudiences audiences,
    InstructionService instructions,
    RuleFiles.Loaded analyser,
    WebhookSecrets webhookSecrets,
    ProcessingRecords records,
    LogProofs logProofs,
    ProcessorRecords processorRecords,
    ProcessorRecordRenderer processorRecordRenderer,
    IdempotencyStore idempotency,
    Vocabulary vocabulary,
    PrometheusMeterRegistry metrics,
    BooleanSupplier databaseUp,
    String publicUrl,
    Clock clock) {
  public ApiServices {
    Objects.requireNonNull(apiKeys, "apiKeys");
    Objects.requireNonNull(customers, "customers");
    Objects.requireNonNull(agreements, "agreements");
    Objects.requireNonNull(renderer, "renderer");
    Objects.requireNonNull(decisions, "decisions");
    Objects.requireNonNull(vault, "vault");
    Objects.requireNonNull(consent, "consent");
    Objects.requireNonNull(subjectConsent, "subjectConsent");
    Objects.requireNonNull(audiences, "audiences");
    Objects.requireNonNull(instructions, "instructions");
    Objects.requireNonNull(analyser, "analyser");
    Objects.requireNonNull(webhookSecrets, "webhookSecrets");
    Objects.requireNonNull(records, "records");
    Objects.requireNonNull(logProofs, "logProofs");
    Objects.requireNonNull(processorRecords, "processorRecords");
    Objects.requireNonNull(processorRecordRenderer, "processorRecordRenderer");
    Objects.requireNonNull(idempotency, "idempotency");
    Objects.requireNonNull(vocabulary, "vocabulary");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(databaseUp, "databaseUp");
    Objects.requireNonNull(clock, "clock");
  }
}
