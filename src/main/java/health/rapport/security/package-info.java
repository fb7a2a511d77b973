/**
 * Security: the embedded OAuth2 authorization server (SMART Backend Services, client credentials),
 * the resource server that validates its tokens (or an external issuer's), the stored API clients
 * and what they act for, SMART v2 scopes, and the access policy over FHIR resource types and
 * compartments.
 */
package health.rapport.security;
