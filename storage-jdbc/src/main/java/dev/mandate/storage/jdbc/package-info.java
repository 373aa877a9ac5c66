/**
 * PostgreSQL adapters for the core ports, in plain JDBC over a {@link javax.sql.DataSource}:
 * {@link dev.mandate.storage.jdbc.JdbcCustomerStore}, {@link dev.mandate.storage.jdbc.JdbcAgreementStore},
 * {@link dev.mandate.storage.jdbc.JdbcApiKeyStore}, {@link dev.mandate.storage.jdbc.JdbcWrappedKeyStore},
 * {@link dev.mandate.storage.jdbc.JdbcVaultStore}, {@link dev.mandate.storage.jdbc.JdbcIdempotencyStore}
 * and the group-committing {@link dev.mandate.storage.jdbc.JdbcProcessingLog}. The schema is the
 * Flyway set in {@code db/migration}.
 *
 * <p>Each method is one transaction. SQL failures surface as {@link IllegalStateException}s that
 * name the operation, SQLSTATE and constraint but never a value (PostgreSQL's own messages quote
 * values, so they are not passed on). Instants are kept to the microsecond. What must never change
 * (processing records; agreement terms once offered) is also enforced by triggers in the schema.
 */
package dev.mandate.storage.jdbc;
