package health.rapport.matching;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;

/**
 * Why a criterion scored as it did, as a message key of {@code matching/reasons.properties} and
 * its arguments, so that each audience words it in its own language: the FHIR API in English,
 * the site in the visitor's (its message source reads the same bundle, {@code reason.<key>}).
 *
 * @param key the message key without its {@code reason.} prefix, e.g. {@code language.spoken}
 * @param args numbers, jurisdiction codes, or {@link Codes} that a reader may name in its own words
 */
public record Reason(String key, List<Object> args) {

	private static final ResourceBundle ENGLISH = ResourceBundle.getBundle("matching.reasons", Locale.ROOT,
			ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));

	public Reason {
		args = List.copyOf(args);
	}

	public static Reason of(String key, Object... args) {
		return new Reason(key, List.of(args));
	}

	/** Codes of one kind (modality, population, language, proficiency), listed in code order. */
	public record Codes(String kind, Set<String> codes) {

		public Codes {
			codes = new TreeSet<>(codes);
		}

		public static Codes of(String kind, String... codes) {
			return new Codes(kind, Set.of(codes));
		}

		@Override
		public String toString() {
			return String.join(", ", codes);
		}
	}

	/** In English, with codes as they are: "speaks es (excellent)". */
	public String english() {
		String pattern = ENGLISH.getString("reason." + key);
		// As Spring's message sources do: a message without arguments is not a MessageFormat pattern.
		return args.isEmpty() ? pattern : new MessageFormat(pattern, Locale.ROOT)
				.format(args.stream().map(a -> a instanceof Codes c ? c.toString() : a).toArray());
	}
}
