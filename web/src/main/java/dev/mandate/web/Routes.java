package dev.mandate.web;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The route table: the one place that lists every route of the API. Helidon's routing is built
 * from it ({@link ApiServer}), and {@code OpenApiDriftTest} checks that {@code openapi.json}
 * describes exactly these (method, path) pairs with the same operation ids.
 */
final class Routes {
  private static final boolean PUBLIC = false;
  private static final boolean AUTH = true;
  private static final boolean IDEMPOTENT = true;
  private static final boolean ONCE = false;

  static final String CUSTOMER = "/v1/customers/{customerId}";
  static final String AGREEMENT = CUSTOMER + "/agreement";
  static final String VERSION = AGREEMENT + "/versions/{version}";
  static final String VAULT = CUSTOMER + "/vault";
  static final String LOG = CUSTOMER + "/log";
  static final String INSTRUCTIONS = CUSTOMER + "/instructions";
  static final String INSTRUCTION = INSTRUCTIONS + "/{instructionId}";
  static final String INSTRUCTION_VERSION = INSTRUCTION + "/versions/{version}";

  static final List<Route> ALL = List.of(
      // Helidon tries routes in this order (a regular expression per templated path), so the
      // routes that carry most traffic come first. No two templates overlap, so order has no
      // other effect.
      // vault (8.2.2), the hottest routes
      new Route("POST", VAULT + "/records", "createVaultRecord", AUTH, IDEMPOTENT, (api, x) -> api.vault.create(x)),
      new Route("GET", VAULT + "/records/{recordId}", "readVaultRecord", AUTH, ONCE, (api, x) -> api.vault.read(x)),
      new Route("PATCH", VAULT + "/records/{recordId}", "updateVaultRecord", AUTH, ONCE,
          (api, x) -> api.vault.update(x)),
      new Route("DELETE", VAULT + "/records/{recordId}", "deleteVaultRecord", AUTH, ONCE,
          (api, x) -> api.vault.delete(x)),
      new Route("POST", VAULT + "/search", "searchVault", AUTH, ONCE, (api, x) -> api.vault.search(x)),
      // decisions (8.2.2)
      new Route("POST", "/v1/decisions", "decide", AUTH, ONCE, (api, x) -> api.decisions.decide(x)),
      // operations, unauthenticated
      new Route("GET", "/health", "getHealth", PUBLIC, ONCE, (api, x) -> api.operations.health(x)),
      new Route("GET", "/metrics", "getMetrics", PUBLIC, ONCE, (api, x) -> api.operations.metrics(x)),
      new Route("GET", "/openapi.json", "getOpenApi", PUBLIC, ONCE, (api, x) -> api.operations.openApi(x)),
      // API keys (never idempotent: the answer holds a secret that must not be stored)
      new Route("POST", "/v1/api-keys", "createApiKey", AUTH, ONCE, (api, x) -> api.apiKeys.create(x)),
      new Route("GET", "/v1/api-keys", "listApiKeys", AUTH, ONCE, (api, x) -> api.apiKeys.list(x)),
      new Route("DELETE", "/v1/api-keys/{keyId}", "revokeApiKey", AUTH, ONCE, (api, x) -> api.apiKeys.revoke(x)),
      // customers
      new Route("POST", "/v1/customers", "createCustomer", AUTH, IDEMPOTENT, (api, x) -> api.customers.create(x)),
      new Route("GET", "/v1/customers", "listCustomers", AUTH, ONCE, (api, x) -> api.customers.list(x)),
      new Route("GET", CUSTOMER, "getCustomer", AUTH, ONCE, (api, x) -> api.customers.get(x)),
      new Route("PUT", CUSTOMER, "updateCustomer", AUTH, ONCE, (api, x) -> api.customers.update(x)),
      new Route("GET", CUSTOMER + "/webhook-secret", "getWebhookSecret", AUTH, ONCE,
          (api, x) -> api.customers.webhookSecret(x)),
      new Route("POST", CUSTOMER + "/webhook-secret/rotate", "rotateWebhookSecret", AUTH, ONCE,
          (api, x) -> api.customers.rotateWebhookSecret(x)),
      // agreements (ISO 27701 8.2.1)
      new Route("GET", AGREEMENT, "getAgreement", AUTH, ONCE, (api, x) -> api.agreements.overview(x)),
      new Route("POST", AGREEMENT + "/versions", "draftAgreementVersion", AUTH, IDEMPOTENT,
          (api, x) -> api.agreements.draft(x)),
      new Route("GET", VERSION, "getAgreementVersion", AUTH, ONCE, (api, x) -> api.agreements.get(x)),
      new Route("PUT", VERSION, "changeAgreementDraft", AUTH, ONCE, (api, x) -> api.agreements.changeDraft(x)),
      new Route("POST", VERSION + "/offer", "offerAgreementVersion", AUTH, ONCE, (api, x) -> api.agreements.offer(x)),
      new Route("POST", VERSION + "/accept", "acceptAgreementVersion", AUTH, ONCE,
          (api, x) -> api.agreements.accept(x)),
      new Route("POST", VERSION + "/reject", "rejectAgreementVersion", AUTH, ONCE,
          (api, x) -> api.agreements.reject(x)),
      new Route("GET", VERSION + "/document", "getAgreementDocument", AUTH, ONCE,
          (api, x) -> api.agreements.document(x)),
      new Route("POST", AGREEMENT + "/terminate", "terminateAgreement", AUTH, ONCE,
          (api, x) -> api.agreements.terminate(x)),
      // records of processing (8.2.6)
      new Route("GET", CUSTOMER + "/processing-records", "listProcessingRecords", AUTH, ONCE,
          (api, x) -> api.records.list(x)),
      // the verifiable log (8.2.6)
      new Route("GET", LOG + "/checkpoint", "getLogCheckpoint", AUTH, ONCE, (api, x) -> api.log.checkpoint(x)),
      new Route("POST", LOG + "/checkpoint", "signLogCheckpoint", AUTH, ONCE, (api, x) -> api.log.signCheckpoint(x)),
      new Route("GET", LOG + "/entries", "listLogEntries", AUTH, ONCE, (api, x) -> api.log.entries(x)),
      new Route("GET", LOG + "/entries/{index}/inclusion-proof", "getLogInclusionProof", AUTH, ONCE,
          (api, x) -> api.log.inclusion(x)),
      new Route("GET", LOG + "/consistency-proof", "getLogConsistencyProof", AUTH, ONCE,
          (api, x) -> api.log.consistency(x)),
      new Route("GET", LOG + "/bundle", "getLogBundle", AUTH, ONCE, (api, x) -> api.log.bundle(x)),
      // consent and marketing (8.2.3)
      new Route("POST", CUSTOMER + "/consent-events", "recordConsent", AUTH, IDEMPOTENT, (api, x) -> api.consent.record(x)),
      new Route("POST", CUSTOMER + "/consent/lookup", "lookUpConsent", AUTH, ONCE, (api, x) -> api.consent.lookup(x)),
      new Route("POST", CUSTOMER + "/unsubscribe-links", "createUnsubscribeLink", AUTH, ONCE,
          (api, x) -> api.consent.unsubscribeLink(x)),
      new Route("POST", CUSTOMER + "/consent-links", "createConsentLink", AUTH, ONCE,
          (api, x) -> api.consent.choicesLink(x)),
      new Route("POST", CUSTOMER + "/marketing-audiences", "exportMarketingAudience", AUTH, ONCE,
          (api, x) -> api.consent.audience(x)),
      // data subjects: a signed link is the authority, not an API key
      new Route("POST", "/v1/unsubscribe/{token}", "unsubscribeOneClick", PUBLIC, ONCE,
          (api, x) -> api.consent.unsubscribe(x)),
      new Route("GET", "/v1/unsubscribe/{token}", "getUnsubscribePage", PUBLIC, ONCE,
          (api, x) -> api.consent.unsubscribePage(x)),
      new Route("GET", "/v1/subject/consent", "getMyConsent", PUBLIC, ONCE, (api, x) -> api.consent.myConsent(x)),
      new Route("POST", "/v1/subject/consent", "changeMyConsent", PUBLIC, ONCE,
          (api, x) -> api.consent.changeMyConsent(x)),
      new Route("GET", "/.well-known/gpc.json", "getGpcSupport", PUBLIC, ONCE, (api, x) -> api.consent.gpcSupport(x)),
      new Route("GET", "/v1/log/signing-keys", "listLogSigningKeys", AUTH, ONCE, (api, x) -> api.log.signingKeys(x)),
      new Route("POST", "/v1/log/signing-keys", "rotateLogSigningKey", AUTH, ONCE,
          (api, x) -> api.log.rotateSigningKey(x)),
      new Route("GET", CUSTOMER + "/processing-activities-record", "getProcessingActivitiesRecord", AUTH, ONCE,
          (api, x) -> api.processorRecord.get(x)),
      // instructions (8.2.4)
      new Route("POST", INSTRUCTIONS, "submitInstruction", AUTH, IDEMPOTENT, (api, x) -> api.instructions.submit(x)),
      new Route("GET", INSTRUCTIONS, "listInstructions", AUTH, ONCE, (api, x) -> api.instructions.list(x)),
      new Route("GET", "/v1/instructions/on-hold", "listInstructionsOnHold", AUTH, ONCE,
          (api, x) -> api.instructions.onHold(x)),
      new Route("GET", INSTRUCTION, "getInstruction", AUTH, ONCE, (api, x) -> api.instructions.get(x)),
      new Route("GET", INSTRUCTION_VERSION, "getInstructionVersion", AUTH, ONCE,
          (api, x) -> api.instructions.version(x)),
      new Route("POST", INSTRUCTION + "/versions", "amendInstruction", AUTH, IDEMPOTENT,
          (api, x) -> api.instructions.amend(x)),
      new Route("POST", INSTRUCTION + "/withdraw", "withdrawInstruction", AUTH, ONCE,
          (api, x) -> api.instructions.withdraw(x)),
      new Route("POST", INSTRUCTION_VERSION + "/confirm", "confirmInstruction", AUTH, ONCE,
          (api, x) -> api.instructions.confirm(x)),
      new Route("POST", INSTRUCTION_VERSION + "/decision", "decideInstruction", AUTH, ONCE,
          (api, x) -> api.instructions.decide(x)),
      new Route("GET", INSTRUCTION + "/notices", "listInstructionNotices", AUTH, ONCE,
          (api, x) -> api.instructions.notices(x)),
      new Route("POST", "/v1/instruction-checks", "checkInstruction", AUTH, ONCE, (api, x) -> api.instructions.check(x)),
      // vocabulary
      new Route("GET", "/v1/vocabulary/{kind}", "getVocabulary", AUTH, ONCE, (api, x) -> api.vocabulary.get(x)));

  private static final List<PathTemplate> TEMPLATES = ALL.stream().map(r -> new PathTemplate(r.path())).toList();

  private Routes() {}

  /** The methods routes offer for this path (empty if no route has this path): the {@code Allow} header of a 405. */
  static Set<String> methodsFor(String path) {
    Set<String> methods = new LinkedHashSet<>();
    for (int i = 0; i < ALL.size(); i++) {
      if (TEMPLATES.get(i).matches(path)) {
        methods.add(ALL.get(i).method());
      }
    }
    return methods;
  }
}
