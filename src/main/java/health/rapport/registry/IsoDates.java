package health.rapport.registry;

import java.time.LocalDate;

/** ISO dates (YYYY-MM-DD) read without a formatter: the register's rows and columns hold many of them. */
final class IsoDates {

	private IsoDates() {}

	/**
	 * The date {@code text} names, as {@link LocalDate#parse} reads it: the common YYYY-MM-DD shape
	 * directly, anything else through the formatter.
	 *
	 * @throws java.time.DateTimeException when it is not a date
	 */
	static LocalDate parse(String text) {
		if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
			int year = number(text, 0, 4);
			int month = number(text, 5, 7);
			int day = number(text, 8, 10);
			if (year >= 0 && month >= 0 && day >= 0) {
				return LocalDate.of(year, month, day);
			}
		}
		return LocalDate.parse(text);
	}

	private static int number(String text, int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}
}
