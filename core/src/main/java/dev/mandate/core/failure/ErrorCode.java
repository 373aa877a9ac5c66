package dev.mandate.core.failure;

/**
 * Stable error codes. They appear in problem+json responses as {@code code} and in the
 * {@code type} URI; clients may branch on them, so a code is never renamed or reused.
 */
public enum ErrorCode {
  // 400
  INVALID_JSON,
  INVALID_REQUEST,
  UNKNOWN_FIELD,
  INVALID_TERMS,
  /** A consent string that cannot be decoded as an IAB TCF TC string. */
  MALFORMED_TC_STRING,
  /** A TCF v1 string: not evidence of consent under TCF v2. */
  TC_STRING_NOT_V2,
  /** A TC string that breaks the TCF 2.2 policy (legitimate interest for purposes 3-6). */
  TCF_POLICY_VIOLATION,
  /** A one-click unsubscribe or subject token that is malformed or whose signature does not match. */
  TOKEN_INVALID,
  // 401 / 403
  UNAUTHENTICATED,
  FORBIDDEN_FOR_ROLE,
  PROCESSING_DENIED,
  // 404
  NOT_FOUND,
  INSTRUCTION_NOT_FOUND,
  CUSTOMER_NOT_FOUND,
  AGREEMENT_NOT_FOUND,
  AGREEMENT_VERSION_NOT_FOUND,
  RECORD_NOT_FOUND,
  API_KEY_NOT_FOUND,
  // 405 / 406 / 413 / 415
  METHOD_NOT_ALLOWED,
  NOT_ACCEPTABLE,
  PAYLOAD_TOO_LARGE,
  UNSUPPORTED_MEDIA_TYPE,
  // 409 / 422
  CUSTOMER_EXISTS,
  AGREEMENT_CHANGE_PENDING,
  AGREEMENT_STATE_CONFLICT,
  TERMS_HASH_MISMATCH,
  RECORD_CHANGED,
  IDEMPOTENCY_KEY_REUSED,
  IDEMPOTENCY_KEY_IN_PROGRESS,
  /** A consent submission id the customer has used before. */
  DUPLICATE_SUBMISSION,
  /** The instruction is not in a state that allows this step (e.g. confirming a cleared one). */
  INSTRUCTION_STATE_CONFLICT,
  /** Instructions are tied to the customer's agreement: there must be one in force. */
  NO_AGREEMENT_IN_FORCE,
  /** A one-click unsubscribe or subject token past its expiry. HTTP 410. */
  TOKEN_EXPIRED,
  // 503
  PROCESSING_RECORD_UNAVAILABLE,
  SERVICE_UNAVAILABLE,
  // 500 (never expected; a bug)
  INTERNAL_ERROR
}
