/**
 * Test support shipped in the storage-jdbc test-jar: {@link
 * dev.mandate.storage.jdbc.testing.TestDatabases} hands out fresh, migrated PostgreSQL databases
 * (embedded PostgreSQL 18 by default, an external server when {@code MANDATE_TEST_PG_URL} is set).
 */
package dev.mandate.storage.jdbc.testing;
