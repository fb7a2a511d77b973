package health.rapport.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.rapport.registry.RegisterFile.Format;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Register files read row by row: each row checked, each problem named with the file's line number. */
class RegisterFileTest {

	private static List<RegisterRow> read(String text, Format format) throws IOException {
		Iterator<RegisterRow> rows = RegisterFile.rows(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), format,
				"US-CA");
		List<RegisterRow> all = new ArrayList<>();
		rows.forEachRemaining(all::add);
		return all;
	}

	@Test
	void csvRowsAreCheckedWithTheirLineNumbersEvenAcrossQuotedLineBreaks() throws IOException {
		List<RegisterRow> rows = read("""
				registration_number,family_name,given_name,profession,status,conditions,effective_date,npi
				PSY1,Okafor,Ada,103TC0700X,registered,,2026-01-05,1234567893
				PSY2,Lee,,103TC0700X,registered-with-conditions,"Supervised practice,
				review in 2027",,
				PSY3,Ng,Bo,999X,registered,,,
				PSY4,,Al,103TC0700X,gone,,31/12/2026,1234567890
				PSY5,Diaz,Eva,1041C0700X,suspended,,,,extra
				""", Format.CSV);

		assertThat(rows).extracting(RegisterRow::line).containsExactly(2L, 3L, 5L, 6L, 7L);
		Registration first = rows.get(0).registration();
		assertThat(first).isEqualTo(new Registration("US-CA", "PSY1", "Okafor", "Ada", "103TC0700X",
				RegistrationStatus.REGISTERED, null, LocalDate.of(2026, 1, 5), "1234567893"));
		assertThat(rows.get(1).registration().conditions()).isEqualTo("Supervised practice,\nreview in 2027");
		assertThat(rows.get(2).problems()).singleElement().asString().contains("profession '999X'");
		assertThat(rows.get(3).problems()).hasSize(4).anySatisfy(p -> assertThat(p).contains("family_name is missing"))
				.anySatisfy(p -> assertThat(p).contains("status 'gone'")).anySatisfy(p -> assertThat(p).contains("31/12/2026"))
				.anySatisfy(p -> assertThat(p).contains("npi '1234567890'"));
		assertThat(rows.get(4).problems()).singleElement().asString().contains("9 columns");
	}

	@Test
	void ndjsonRowsAreCheckedLineByLineAndABrokenLineDoesNotStopTheRest() throws IOException {
		List<RegisterRow> rows = read("""
				{"registration_number":"PSY1","family_name":"Okafor","profession":"103TC0700X","status":"registered"}
				{"registration_number":"PSY2","family_name":"Lee",

				{"registration_number":"PSY3","family_name":"Ng","profession":"103TC0700X","status":"lapsed","colour":"blue"}
				[1,2]
				{"registration_number":"PSY4","family_name":"Roy","profession":"101YP2500X","status":"registered-with-conditions"}
				""", Format.NDJSON);

		assertThat(rows).extracting(RegisterRow::line).containsExactly(1L, 2L, 4L, 5L, 6L);
		assertThat(rows.get(0).valid()).isTrue();
		assertThat(rows.get(1).problems()).singleElement().asString().startsWith("is not valid JSON");
		assertThat(rows.get(2).problems()).singleElement().asString().contains("[colour]");
		assertThat(rows.get(3).problems()).singleElement().asString().contains("not a JSON object");
		assertThat(rows.get(4).problems()).singleElement().asString().contains("conditions are required");
	}

	@Test
	void aCsvFileWithoutItsHeaderIsRefusedBeforeAnyRow() {
		assertThatThrownBy(() -> read("PSY1,Okafor,Ada,103TC0700X,registered,,,\n", Format.CSV))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header row");
		assertThatThrownBy(() -> read("", Format.CSV)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
	}

	@Test
	void npiCheckDigitsFollowTheLuhnSchemeWithTheCmsPrefix() {
		assertThat(RegisterRow.validNpi("1234567893")).isTrue();
		assertThat(RegisterRow.validNpi("1245319599")).isTrue();
		assertThat(RegisterRow.validNpi("1234567890")).isFalse();
		assertThat(RegisterRow.validNpi("123456789")).isFalse();
		assertThat(RegisterRow.validNpi("12345678a3")).isFalse();
	}
}
