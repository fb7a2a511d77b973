package health.rapport.directory.demo;

import java.util.List;

/**
 * A profession of DESIGN.md's vocabulary: its NUCC code, the specialisations drawn for it, its
 * share of the directory, whether it prescribes, which board registers it, and the modalities
 * its members typically offer.
 */
record Profession(String code, List<String> specialties, double weight, boolean prescriber, Board board,
		List<String> modalities) {

	enum Board { MEDICAL, NURSING, BEHAVIORAL }

	private static final List<String> TALKING = List.of("cbt", "act", "mbct", "psychodynamic", "person-centred", "ipt",
			"solution-focused", "motivational-interviewing", "schema", "narrative", "somatic", "dbt", "emdr", "tf-cbt",
			"exposure-erp");

	static final List<Profession> ALL = List.of(
			new Profession("2084P0800X", List.of("2084P0800X", "2084P0800X", "2084P0804X"), 10, true, Board.MEDICAL,
					List.of("medication-management", "psychodynamic", "cbt", "ipt", "psychoanalytic")),
			new Profession("103T00000X", List.of("103TC0700X", "103TC0700X", "103TC1900X", "103TC2200X"), 20, false,
					Board.BEHAVIORAL, TALKING),
			new Profession("363LP0808X", List.of("363LP0808X", "163WP0808X", "364SP0808X"), 10, true, Board.NURSING,
					List.of("medication-management", "cbt", "motivational-interviewing", "person-centred", "dbt")),
			new Profession("1041C0700X", List.of("1041C0700X"), 25, false, Board.BEHAVIORAL,
					List.of("cbt", "solution-focused", "family-systems", "motivational-interviewing", "tf-cbt", "dbt",
							"person-centred", "narrative", "group")),
			new Profession("106H00000X", List.of("106H00000X"), 15, false, Board.BEHAVIORAL,
					List.of("family-systems", "couples-eft", "couples-gottman", "narrative", "solution-focused", "cbt")),
			new Profession("101Y00000X", List.of("101YP2500X", "101YM0800X"), 20, false, Board.BEHAVIORAL,
					List.of("person-centred", "cbt", "act", "solution-focused", "motivational-interviewing", "art-therapy",
							"music-therapy", "group", "emdr")));

	/** Nurses are registered by specialisation: the role code is the specialisation itself. */
	String roleCode(String specialty) {
		return board == Board.NURSING ? specialty : code;
	}

	/** A 363L nurse practitioner prescribes; an RN or CNS does not. */
	boolean prescribes(String specialty) {
		return prescriber && !specialty.startsWith("163W") && !specialty.startsWith("364S");
	}
}
