package health.rapport.fhir.search;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type and id a reference points to. A relative reference ({@code Practitioner/1}, with or
 * without {@code _history}) points into this server; an absolute URL keeps its type and id too,
 * so that directories exchanged between servers still link up, and is matched by its full URL.
 */
record ReferenceTarget(String type, String id) {

	private static final Pattern TYPE_ID = Pattern
			.compile("(?:^|/)([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})(?:/_history/[^/]+)?$");

	static ReferenceTarget parse(String reference) {
		Matcher m = TYPE_ID.matcher(reference);
		return m.find() ? new ReferenceTarget(m.group(1), m.group(2)) : new ReferenceTarget(null, null);
	}
}
