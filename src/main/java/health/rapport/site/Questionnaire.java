package health.rapport.site;

import health.rapport.matching.ConditionGuidance;
import health.rapport.matching.Delivery;
import health.rapport.matching.GeoPoint;
import health.rapport.matching.MatchRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The "help me find someone" answers, and the referral they make for matching. Held only for the
 * one request that ranks them: never stored, never logged (no toString of its values anywhere).
 */
public record Questionnaire(String age, String concern, String language, String delivery, String jurisdiction, String town) {

	static final List<String> AGES = List.of("children", "adolescents", "adults", "older-adults");
	/** Concerns a person would name, and the SNOMED CT finding matching's condition guidance knows them by. */
	static final Map<String, String> CONCERNS = Map.of("anxiety", "197480006", "low-mood", "35489007", "trauma", "47505003",
			"ocd", "191736004", "substance-use", "66214007", "eating", "72366004");
	static final List<String> CONCERN_ORDER = List.of("anxiety", "low-mood", "trauma", "ocd", "substance-use", "eating");
	static final List<String> DELIVERIES = List.of("either", "in-person", "online");

	public boolean answered() {
		return AGES.contains(age) && jurisdiction != null && !jurisdiction.isBlank();
	}

	MatchRequest toRequest(GeoPoint place, double radiusKm) {
		Set<String> recommended = concern == null || !CONCERNS.containsKey(concern) ? Set.of()
				: ConditionGuidance.recommendedFor(Set.of(CONCERNS.get(concern)));
		List<String> languages = language == null || language.isBlank() ? List.of() : List.of(language);
		return new MatchRequest(age, languages, false, jurisdiction, place, radiusKm, Set.of(), false, Set.of(), Set.of(),
				recommended, null, deliveryMode(), false, null, false);
	}

	private Delivery deliveryMode() {
		return switch (delivery == null ? "either" : delivery) {
			case "in-person" -> Delivery.IN_PERSON;
			case "online" -> Delivery.VIRTUAL;
			default -> Delivery.EITHER;
		};
	}
}
