package dev.mandate.web;

/** The endpoint groups the route table dispatches to, built once from the services. */
final class Endpoints {
  final OperationsEndpoints operations;
  final ApiKeyEndpoints apiKeys;
  final CustomerEndpoints customers;
  final AgreementEndpoints agreements;
  final DecisionEndpoints decisions;
  final VaultEndpoints vault;
  final RecordEndpoints records;
  final LogEndpoints log;
  final ProcessorRecordEndpoints processorRecord;
  final VocabularyEndpoints vocabulary;
  final ConsentEndpoints consent;
  final InstructionEndpoints instructions;

  Endpoints(ApiServices s, HttpMetrics metrics, Json json) {
    this.operations = new OperationsEndpoints(s.metrics(), s.databaseUp(), json);
    this.apiKeys = new ApiKeyEndpoints(s.apiKeys());
    this.customers = new CustomerEndpoints(s.customers(), s.webhookSecrets());
    this.agreements = new AgreementEndpoints(s.agreements(), s.customers(), s.renderer());
    this.decisions = new DecisionEndpoints(s.decisions(), metrics);
    this.vault = new VaultEndpoints(s.vault(), s.customers(), metrics);
    this.records = new RecordEndpoints(s.records());
    this.log = new LogEndpoints(s.logProofs());
    this.processorRecord = new ProcessorRecordEndpoints(s.processorRecords(), s.processorRecordRenderer());
    this.vocabulary = new VocabularyEndpoints(s.vocabulary(), json);
    this.consent = new ConsentEndpoints(s.consent(), s.subjectConsent(), s.audiences(), s.publicUrl());
    this.instructions = new InstructionEndpoints(s.instructions(), s.analyser(), s.vocabulary(), s.clock());
  }
}
