/**
 * Reaching PostgreSQL: {@link dev.mandate.storage.jdbc.database.EmbeddedDatabaseServer} runs a
 * real PostgreSQL 18 from Maven artifacts for development, {@link
 * dev.mandate.storage.jdbc.database.PostgresDatabase} opens a pool on any PostgreSQL 15 or newer
 * and migrates its schema, and {@link dev.mandate.storage.jdbc.database.DatabaseConfig} says how to
 * connect. Every failure a person can fix is a {@link
 * dev.mandate.storage.jdbc.database.DatabaseException} whose message says what to do.
 */
package dev.mandate.storage.jdbc.database;
