package health.rapport.matching;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What matching knows of one PractitionerRole, flattened with its Practitioner, Locations and
 * registrations: the read model every index adapter stores.
 *
 * @param professions the role's NUCC codes as stated (code and specialty)
 * @param professionFamilies the broader professions those codes belong to
 * @param modalityFamilies the families (is-a parents) of the role's modalities
 * @param languages BCP-47 code to proficiency, from 0 to 1 (excellent 1, good 0.7, fair or poor 0.4)
 * @param waitDays typical wait to a first appointment; null when not stated
 * @param practiseIn jurisdictions where the role may see clients in person: a current
 *     registration there, or no statutory regulation of the profession there
 * @param telehealthIn jurisdictions where it may see clients by video: the above, plus those an
 *     interstate compact gives a privilege in
 * @param fee the usual fee for one individual session; null when not stated
 * @param slidingScale whether the role offers a sliding scale (a lower fee by means)
 */
public record ProviderProfile(
		String roleId,
		String practitionerId,
		String name,
		boolean active,
		boolean acceptingNewClients,
		Set<String> professions,
		Set<String> professionFamilies,
		boolean prescriber,
		Set<String> modalities,
		Set<String> modalityFamilies,
		Set<String> populations,
		Set<String> formats,
		boolean inPerson,
		boolean virtual,
		Map<String, Double> languages,
		String gender,
		List<GeoPoint> sites,
		Integer waitDays,
		List<Registration> registrations,
		Set<String> practiseIn,
		Set<String> telehealthIn,
		Fee fee,
		boolean slidingScale) {

	/**
	 * The registration that counts in a jurisdiction: one without conditions, else one with
	 * conditions, else any (a regulator may still publish a lapsed record beside its renewal).
	 */
	public Registration registrationIn(String jurisdiction) {
		return registrations.stream().filter(r -> r.jurisdiction().equals(jurisdiction))
				.min(java.util.Comparator.comparingInt(r -> r.mayPractise() ? (r.withConditions() ? 1 : 0) : 2)).orElse(null);
	}

	/** Distance to the nearest site, or infinity without sites. */
	public double kilometresFrom(GeoPoint point) {
		return sites.stream().mapToDouble(point::kilometresTo).min().orElse(Double.POSITIVE_INFINITY);
	}
}
