package health.rapport.registry;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One entry of a register, as the regulator publishes it.
 *
 * @param profession a NUCC taxonomy code
 * @param conditions the conditions on practice, shown to the public (with registered-with-conditions)
 * @param npi the US National Provider Identifier, when the regulator gives it
 */
public record Registration(String jurisdiction, String number, String familyName, String givenName, String profession,
		RegistrationStatus status, String conditions, LocalDate effectiveDate, String npi) {

	/** Whether the status (or what the public sees of it) differs: a change for the history. */
	public boolean statusDiffers(Registration other) {
		return other == null || status != other.status || !Objects.equals(conditions, other.conditions)
				|| !Objects.equals(effectiveDate, other.effectiveDate);
	}

	public String displayName() {
		return givenName == null || givenName.isBlank() ? familyName : givenName + " " + familyName;
	}
}
