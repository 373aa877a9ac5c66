/**
 * Offline verification of Mandate's processing log (ISO/IEC 27701 8.2.6, PR-826-02): Merkle trees
 * and proofs as in RFC 9162 (RFC 6962) with SHA-256, C2SP signed notes and tlog checkpoints with
 * Ed25519, the log's entry encoding and proof bundles. Nothing here talks to a server or a
 * database, so a customer or an auditor can check what Mandate hands them without trusting it.
 */
package dev.mandate.logverify;
