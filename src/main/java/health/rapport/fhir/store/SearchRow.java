package health.rapport.fhir.store;

import java.math.BigDecimal;

/** One search value of a resource's current version, stored in the table of its type. */
public sealed interface SearchRow {

	/** The search parameter the value belongs to (see SearchParam#id). */
	int param();

	record Token(int param, String system, String code) implements SearchRow {}

	/** A string value, normalised (lower case, no accents) for the default prefix match. */
	record Text(int param, String norm, String exact) implements SearchRow {}

	/** A reference: type and id when it points into this server, the URL as written always. */
	record Ref(int param, String targetType, String targetId, String url) implements SearchRow {}

	/** A date, dateTime, instant or Period as the range [low, high] in epoch milliseconds. */
	record Date(int param, long low, long high) implements SearchRow {}

	/** A number or quantity (with its unit system and code). */
	record Number(int param, BigDecimal value, String system, String code) implements SearchRow {}

	record Uri(int param, String uri) implements SearchRow {}

	record Coords(int param, double lat, double lon) implements SearchRow {}
}
