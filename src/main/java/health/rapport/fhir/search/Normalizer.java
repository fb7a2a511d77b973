package health.rapport.fhir.search;

import java.text.Normalizer.Form;
import java.util.Locale;
import java.util.regex.Pattern;

/** Normalises strings the way FHIR string search compares them: case- and accent-insensitive. */
public final class Normalizer {

	static final int MAX = 200;
	private static final Pattern MARKS = Pattern.compile("\\p{M}+");

	private Normalizer() {}

	public static String normalize(String value) {
		String stripped = MARKS.matcher(java.text.Normalizer.normalize(value, Form.NFD)).replaceAll("");
		return truncate(stripped.toLowerCase(Locale.ROOT).trim());
	}

	public static String truncate(String value) {
		return value.length() > MAX ? value.substring(0, MAX) : value;
	}
}
