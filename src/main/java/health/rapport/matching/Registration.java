package health.rapport.matching;

/**
 * A practitioner's registration in one jurisdiction, as the regulator publishes it.
 *
 * @param status a code of Rapport's registration-status code system
 */
public record Registration(String jurisdiction, String status) {

	/** Only these statuses allow practice where the profession is statutorily regulated. */
	public boolean mayPractise() {
		return status.equals("registered") || status.equals("registered-with-conditions");
	}

	public boolean withConditions() {
		return status.equals("registered-with-conditions");
	}
}
