/** API keys, roles and tenant isolation: who may do what for which customer. Deny by default. */
package dev.mandate.core.access;
