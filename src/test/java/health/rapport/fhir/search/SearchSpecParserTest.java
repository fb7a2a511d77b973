package health.rapport.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchSpecParserTest {

	@Test
	void commasSeparateValuesUnlessEscaped() {
		assertThat(SearchSpecParser.splitOr("es,fr")).containsExactly("es", "fr");
		assertThat(SearchSpecParser.splitOr("Smith\\, Jr,Doe")).containsExactly("Smith, Jr", "Doe");
		assertThat(SearchSpecParser.splitOr("")).containsExactly("");
	}

	@Test
	void referencesKeepTypeAndIdWhetherRelativeOrAbsolute() {
		assertThat(ReferenceTarget.parse("Practitioner/abc")).isEqualTo(new ReferenceTarget("Practitioner", "abc"));
		assertThat(ReferenceTarget.parse("http://vhdir-demo.fhir.org/fhir/Practitioner/p-1/_history/3"))
				.isEqualTo(new ReferenceTarget("Practitioner", "p-1"));
		assertThat(ReferenceTarget.parse("urn:uuid:1234")).isEqualTo(new ReferenceTarget(null, null));
	}

	@Test
	void stringsCompareWithoutCaseOrAccents() {
		assertThat(Normalizer.normalize("  Müller-Ŝmith ")).isEqualTo("muller-smith");
		assertThat(Normalizer.normalize("x".repeat(300))).hasSize(Normalizer.MAX);
	}
}
