package health.rapport.directory.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.rapport.matching.DirectoryQuery;
import health.rapport.matching.DirectoryQuery.InvalidDirectoryQuery;
import health.rapport.matching.DirectorySort;
import health.rapport.matching.GeoPoint;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectoryParametersTest {

	@Test
	void readsEveryParameter() {
		DirectoryQuery q = DirectoryParameters.toQuery(new DirectoryParameters.Raw("  Ana  ", List.of("103T00000X"), List.of("cbt"),
				List.of("adults"), List.of("individual"), List.of("es", " "), List.of("US-CA"), List.of("in-person"), true, true,
				new BigDecimal("150"), true, "34.05, -118.24", 25.0, "distance", 40, 10));

		assertThat(q.text()).isEqualTo("Ana");
		assertThat(q.languages()).as("blank values, as an empty select sends, dropped").containsExactly("es");
		assertThat(q.delivery()).as("telehealth adds video").containsExactlyInAnyOrder("in-person", "video");
		assertThat(q.acceptingOnly()).isTrue();
		assertThat(q.maxFee()).isEqualByComparingTo("150");
		assertThat(q.slidingScaleOnly()).isTrue();
		assertThat(q.near()).isEqualTo(new GeoPoint(34.05, -118.24));
		assertThat(q.sort()).isEqualTo(DirectorySort.DISTANCE);
		assertThat(q.offset()).isEqualTo(40);
		assertThat(q.limit()).isEqualTo(10);
	}

	@Test
	void defaultsToTheFirstPageByRelevance() {
		DirectoryQuery q = DirectoryParameters.toQuery(new DirectoryParameters.Raw(null, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null, null));

		assertThat(q.sort()).isEqualTo(DirectorySort.RELEVANCE);
		assertThat(q.offset()).isZero();
		assertThat(q.limit()).isEqualTo(20);
		assertThat(q.text()).isNull();
		assertThat(q.maxFee()).isNull();
		assertThat(q.slidingScaleOnly()).isFalse();
	}

	@Test
	void aNegativeMaximumFeeNamesItself() {
		assertThatThrownBy(() -> DirectoryParameters.toQuery(new DirectoryParameters.Raw(null, null, null, null, null, null, null,
				null, null, null, new BigDecimal("-0.01"), null, null, null, null, null, null)))
				.isInstanceOfSatisfying(InvalidDirectoryQuery.class, e -> assertThat(e.parameter()).isEqualTo("maxFee"));
	}

	@Test
	void aTextOfTooManyWordsNamesItselfAndRepeatedWordsCountOnce() {
		String many = String.join(" ", java.util.stream.IntStream.rangeClosed(0, DirectoryQuery.MAX_WORDS).mapToObj(i -> "w" + i)
				.toList());
		assertThatThrownBy(() -> DirectoryParameters.toQuery(new DirectoryParameters.Raw(many, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null, null, null)))
				.isInstanceOfSatisfying(InvalidDirectoryQuery.class, e -> assertThat(e.parameter()).isEqualTo("q"));
		String repeated = "ana ".repeat(DirectoryQuery.MAX_WORDS * 4);
		assertThat(DirectoryParameters.toQuery(new DirectoryParameters.Raw(repeated, null, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null)).text()).isEqualTo(repeated.strip());
	}

	@Test
	void badParametersNameThemselves() {
		assertThatThrownBy(() -> DirectoryParameters.near("34.05")).isInstanceOfSatisfying(InvalidDirectoryQuery.class,
				e -> assertThat(e.parameter()).isEqualTo("near"));
		assertThatThrownBy(() -> DirectoryParameters.near("91,10")).isInstanceOf(InvalidDirectoryQuery.class);
		assertThatThrownBy(() -> DirectoryParameters.sort("nearest")).isInstanceOfSatisfying(InvalidDirectoryQuery.class,
				e -> assertThat(e.parameter()).isEqualTo("sort"));
	}

	@Test
	void wordsIgnoreCaseAccentsAndPunctuation() {
		assertThat(DirectoryQuery.words("José Núñez-López, PhD")).containsExactly("jose", "nunez", "lopez", "phd");
		assertThat(DirectoryQuery.words("O'Brien O'BRIEN")).containsExactly("o", "brien");
		assertThat(DirectoryQuery.words(" -- ")).isEmpty();
		assertThat(Arrays.asList(DirectoryQuery.words(null).toArray())).isEmpty();
	}
}
