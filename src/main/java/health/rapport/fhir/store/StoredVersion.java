package health.rapport.fhir.store;

/**
 * One version of a resource as stored: the JSON exactly as accepted (null for a deletion).
 *
 * @param pk the resource's surrogate key, shared by all its versions
 */
public record StoredVersion(
		long pk, String type, String id, int version, boolean deleted, long lastUpdated, String json) {}
