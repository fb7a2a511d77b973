package health.rapport.matching;

import java.util.List;
import java.util.Set;

/**
 * What a referral asks for, in matching's terms. Codes come already expanded by the caller
 * (who knows the code systems): a requested modality family arrives as all its members.
 *
 * @param population the client's age band, or null when the age is unknown
 * @param languages preferred languages, first choice first
 * @param interpreterNeeded true when the client will use an interpreter (no language filter)
 * @param professions acceptable NUCC codes (a profession or a specialisation); empty for any
 * @param prescriberNeeded medication management asked for: prescribers only
 * @param modalities requested modalities and the members of requested families
 * @param modalityFamilies the families of requested specific modalities (a near miss)
 * @param conditionModalities modalities recommended for the referral's conditions
 * @param radiusKm for in-person care, how far the client can travel
 * @param nonverbal every requested modality works without spoken language (art, music, play):
 *     a shared language is then scored but not required
 */
public record MatchRequest(
		String population,
		List<String> languages,
		boolean interpreterNeeded,
		String jurisdiction,
		GeoPoint location,
		double radiusKm,
		Set<String> professions,
		boolean prescriberNeeded,
		Set<String> modalities,
		Set<String> modalityFamilies,
		Set<String> conditionModalities,
		String format,
		Delivery delivery,
		boolean urgent,
		String preferredGender,
		boolean nonverbal) {

	/** Whether distance can be scored and filtered: in person is possible and the place is known. */
	public boolean hasPlace() {
		return location != null && delivery.allowsInPerson();
	}
}
