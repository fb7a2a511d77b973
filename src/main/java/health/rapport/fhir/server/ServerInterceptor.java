package health.rapport.fhir.server;

/**
 * A HAPI interceptor (methods annotated {@code @Hook}) that a feature contributes as a Spring bean;
 * the FHIR server registers every such bean, before its own interceptors.
 */
public interface ServerInterceptor {}
