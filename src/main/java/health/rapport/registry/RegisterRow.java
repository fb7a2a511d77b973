package health.rapport.registry;

import health.rapport.matching.Professions;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One row of a register file, checked: either a {@link Registration} or the reasons it is refused,
 * with its line number. Column names are the file format's (regulator-api.yaml).
 */
public record RegisterRow(long line, Registration registration, List<String> problems) {

	static final List<String> COLUMNS = List.of("registration_number", "family_name", "given_name", "profession", "status",
			"conditions", "effective_date", "npi");

	public boolean valid() {
		return problems.isEmpty();
	}

	/** Checks the columns of one row for {@code jurisdiction}. */
	static RegisterRow of(long line, String jurisdiction, Map<String, String> columns) {
		return of(line, jurisdiction, (Function<String, String>) columns::get);
	}

	/** Checks one row for {@code jurisdiction}; {@code columns} gives a column's value by name (null when absent). */
	static RegisterRow of(long line, String jurisdiction, Function<String, String> columns) {
		List<String> problems = new ArrayList<>();
		String number = text(columns, "registration_number");
		if (number == null) {
			problems.add("registration_number is missing");
		} else if (!validNumber(number)) {
			problems.add("registration_number '" + shorten(number) + "' has characters other than letters, digits, '.', '/', '-'");
		}
		String family = text(columns, "family_name");
		if (family == null) {
			problems.add("family_name is missing");
		} else if (family.length() > 200) {
			problems.add("family_name is longer than 200 characters");
		}
		String given = text(columns, "given_name");
		if (given != null && given.length() > 200) {
			problems.add("given_name is longer than 200 characters");
		}
		String profession = text(columns, "profession");
		if (profession == null) {
			problems.add("profession is missing");
		} else if (!Professions.known(profession)) {
			problems.add("profession '" + shorten(profession) + "' is not a NUCC code of a regulated mental-health profession");
		}
		String statusCode = text(columns, "status");
		RegistrationStatus status = statusCode == null ? null : RegistrationStatus.of(statusCode).orElse(null);
		if (statusCode == null) {
			problems.add("status is missing");
		} else if (status == null) {
			problems.add("status '" + shorten(statusCode) + "' is not one of registered, registered-with-conditions, suspended,"
					+ " revoked, lapsed, pending, not-regulated");
		}
		String conditions = text(columns, "conditions");
		if (status == RegistrationStatus.REGISTERED_WITH_CONDITIONS && conditions == null) {
			problems.add("conditions are required when the status is registered-with-conditions");
		} else if (conditions != null && conditions.length() > 2000) {
			problems.add("conditions are longer than 2000 characters");
		}
		LocalDate effective = null;
		String date = text(columns, "effective_date");
		if (date != null) {
			try {
				effective = IsoDates.parse(date);
			} catch (DateTimeException e) {
				problems.add("effective_date '" + shorten(date) + "' is not a date (YYYY-MM-DD)");
			}
		}
		String npi = text(columns, "npi");
		if (npi != null && !validNpi(npi)) {
			problems.add("npi '" + shorten(npi) + "' is not a valid NPI (10 digits with a Luhn check digit)");
		}
		Registration registration = problems.isEmpty()
				? new Registration(jurisdiction, number, family, given, profession, status, conditions, effective, npi)
				: null;
		return new RegisterRow(line, registration, problems);
	}

	/** A row that could not even be read (malformed CSV or JSON). */
	static RegisterRow unreadable(long line, String problem) {
		return new RegisterRow(line, null, List.of(problem));
	}

	/** The NPI check digit: Luhn over the first nine digits with the card-issuer prefix 80840 (CMS). */
	public static boolean validNpi(String npi) {
		if (npi.length() != 10 || !digits(npi)) {
			return false;
		}
		int sum = 24; // the prefix 80840, doubled as the Luhn scheme doubles it
		for (int i = 8; i >= 0; i--) {
			int digit = npi.charAt(i) - '0';
			if ((8 - i) % 2 == 0) {
				digit *= 2;
				if (digit > 9) {
					digit -= 9;
				}
			}
			sum += digit;
		}
		return (10 - sum % 10) % 10 == npi.charAt(9) - '0';
	}

	/** A letter or digit, then up to 63 letters, digits, '.', '/' or '-' (ASCII only). */
	private static boolean validNumber(String number) {
		if (number.length() > 64 || !alphanumeric(number.charAt(0))) {
			return false;
		}
		for (int i = 1; i < number.length(); i++) {
			char c = number.charAt(i);
			if (!alphanumeric(c) && c != '.' && c != '/' && c != '-') {
				return false;
			}
		}
		return true;
	}

	private static boolean alphanumeric(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	}

	private static boolean digits(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) < '0' || text.charAt(i) > '9') {
				return false;
			}
		}
		return true;
	}

	private static String text(Function<String, String> columns, String name) {
		String value = columns.apply(name);
		return value == null || value.isBlank() ? null : value.strip();
	}

	/** Echoes a little of a bad value, never a whole field (it may be long, or not ours to repeat). */
	private static String shorten(String value) {
		return value.length() <= 40 ? value : value.substring(0, 40) + "…";
	}
}
