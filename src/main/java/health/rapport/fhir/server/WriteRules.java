package health.rapport.fhir.server;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A feature's rules for writes of the types it governs, which the FHIR layer applies to every
 * client write (REST, Bundle entries, operations) inside the write's transaction: the referral
 * workflow's Task state machine, say.
 */
public interface WriteRules {

	/** Whether these rules concern writes of {@code type} (the previous version is read only then). */
	boolean governs(String type);

	/**
	 * Throws (409, 403, 422) unless a client may write {@code incoming} over {@code previous}
	 * (null for a create, or a create over a deleted resource).
	 */
	void check(String type, IBaseResource previous, IBaseResource incoming);

	/**
	 * The search that finds an earlier submission of the same record ({@code identifier=s|v}), so
	 * that a plain create of it is answered with the record already stored instead of a copy; null
	 * when a create of this resource is never deduplicated.
	 */
	default String sameRecord(String type, IBaseResource incoming) {
		return null;
	}
}
