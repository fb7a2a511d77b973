package health.rapport.matching;

import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.matching.Reason.Codes;
import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

class ReasonTest {

	@Test
	void wordsItInEnglishWithCodesAsTheyAre() {
		assertThat(Reason.of("language.spoken-choice", Codes.of("language", "es"), Codes.of("proficiency", "good"), 2).english())
				.isEqualTo("speaks es (good), the client's choice 2");
		assertThat(Reason.of("distance.km", 12.345).english()).isEqualTo("12.3 km");
		assertThat(Reason.of("modality.offered", Codes.of("modality", "emdr", "cbt")).english())
				.as("codes in code order").isEqualTo("offers cbt, emdr, as requested");
		assertThat(Reason.of("condition.none").english()).isEqualTo("none of the approaches recommended for the referral's conditions");
	}

	@Test
	void everyReasonHasASpanishWording() {
		ResourceBundle english = ResourceBundle.getBundle("matching.reasons", Locale.ROOT);
		ResourceBundle spanish = ResourceBundle.getBundle("matching.reasons", Locale.forLanguageTag("es"));
		for (String key : english.keySet()) {
			assertThat(spanish.getString(key)).as(key).isNotEqualTo(english.getString(key));
		}
	}
}
