package dev.mandate.core.vocabulary;

/** The controlled vocabularies Mandate uses (W3C DPV 2.3; privacy requirements §3). */
public enum TermKind {
  PURPOSE,
  PERSONAL_DATA,
  PROCESSING,
  DATA_SUBJECT,
  LEGAL_BASIS,
  SPECIAL_CATEGORY_CONDITION,
  SECURITY_MEASURE
}
