package health.rapport.matching;

import java.util.Map;
import java.util.Set;

/** DESIGN.md's professions: which profession each NUCC specialisation belongs to, and who prescribes. */
public final class Professions {

	private static final Map<String, String> PROFESSION_OF = Map.ofEntries(
			Map.entry("2084P0800X", "2084P0800X"), Map.entry("2084P0804X", "2084P0800X"),
			Map.entry("103T00000X", "103T00000X"), Map.entry("103TC0700X", "103T00000X"),
			Map.entry("103TC1900X", "103T00000X"), Map.entry("103TC2200X", "103T00000X"),
			Map.entry("163WP0808X", "163WP0808X"), Map.entry("363LP0808X", "363LP0808X"),
			Map.entry("364SP0808X", "364SP0808X"), Map.entry("1041C0700X", "1041C0700X"),
			Map.entry("106H00000X", "106H00000X"), Map.entry("101Y00000X", "101Y00000X"),
			Map.entry("101YP2500X", "101Y00000X"), Map.entry("101YM0800X", "101Y00000X"));

	/** Psychiatrists and psychiatric nurse practitioners. */
	public static final Set<String> PRESCRIBERS = Set.of("2084P0800X", "2084P0804X", "363LP0808X");

	private Professions() {}

	/** Whether the code is one of DESIGN.md's professions or specialisations. */
	public static boolean known(String code) {
		return PROFESSION_OF.containsKey(code);
	}

	/** The profession a code belongs to; the code itself when it is not one of DESIGN.md's. */
	public static String professionOf(String code) {
		return PROFESSION_OF.getOrDefault(code, code);
	}
}
