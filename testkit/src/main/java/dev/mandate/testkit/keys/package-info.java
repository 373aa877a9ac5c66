/** In-memory key storage for tests and benchmarks. */
package dev.mandate.testkit.keys;
