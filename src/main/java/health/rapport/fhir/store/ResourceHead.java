package health.rapport.fhir.store;

/** The current state of a resource: its key, latest version and whether that version is a deletion. */
public record ResourceHead(long pk, int version, boolean deleted) {}
