package health.rapport.fhir.server;

/**
 * A HAPI resource provider that a feature contributes as a Spring bean (the audit trail's
 * AuditEvent); the FHIR server registers every such bean next to its own providers.
 */
public interface ServerProvider {}
