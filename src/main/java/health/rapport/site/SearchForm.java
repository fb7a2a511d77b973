package health.rapport.site;

import java.math.BigDecimal;
import java.util.List;

/**
 * The search page's parameters, as the form sends them (the API's names, with a town and one
 * jurisdiction instead of coordinates). Spring binds it from the query string.
 */
public record SearchForm(String q, List<String> profession, List<String> modality, List<String> population, List<String> format,
		List<String> language, String jurisdiction, List<String> delivery, Boolean accepting, BigDecimal maxFee,
		Boolean slidingScale, String town, Double radius, String sort, Integer offset) {

	static final int PAGE_SIZE = 20;

	public boolean has(String facet, String value) {
		List<String> chosen = switch (facet) {
			case "profession" -> profession;
			case "modality" -> modality;
			case "population" -> population;
			case "format" -> format;
			case "language" -> language;
			case "delivery" -> delivery;
			case "jurisdiction" -> jurisdiction == null ? null : List.of(jurisdiction);
			default -> null;
		};
		return chosen != null && chosen.contains(value);
	}

	/** Whether the fee select has this limit chosen. */
	public boolean hasMaxFee(int limit) {
		return maxFee != null && maxFee.compareTo(BigDecimal.valueOf(limit)) == 0;
	}

	public boolean hasTown() {
		return town != null && !town.isBlank();
	}
}
