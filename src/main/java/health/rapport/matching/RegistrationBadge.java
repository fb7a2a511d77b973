package health.rapport.matching;

/** What the public sees of a role's registrations, in one word. */
public enum RegistrationBadge {
	/** A current registration without conditions somewhere. */
	VERIFIED,
	/** Current registrations, all with conditions (the conditions are public). */
	WITH_CONDITIONS,
	/** No current registration, and none needed where the role may practise (a voluntary or no regime). */
	NOT_REGULATED_HERE,
	/** None of the above: no registration that allows practice. */
	UNVERIFIED;

	public static RegistrationBadge of(ProviderProfile p) {
		if (p.registrations().stream().anyMatch(r -> r.mayPractise() && !r.withConditions())) {
			return VERIFIED;
		}
		if (p.registrations().stream().anyMatch(Registration::mayPractise)) {
			return WITH_CONDITIONS;
		}
		return p.practiseIn().isEmpty() ? UNVERIFIED : NOT_REGULATED_HERE;
	}

	/** As the API and the site spell it: {@code with-conditions}. */
	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}
}
