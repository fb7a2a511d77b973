package health.rapport.fhir.json;

import ca.uhn.fhir.parser.RapportJsonParser;
import ca.uhn.fhir.parser.json.BaseJsonLikeWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * The JSON a directory resource was read from, written again as it is when the resource leaves in
 * a Bundle, instead of encoding the parsed resource anew: encoding search results (roles with a
 * dozen extensions each) was two fifths of a search's time, and it wrote the same JSON again. A
 * resource keeps its JSON only until it is written (the store then encodes it), and only the public
 * directory types carry it: a patient, a referral or a task is always encoded from what the
 * caller may see of it.
 * <p>
 * While a Bundle is encoded, each entry resource with its JSON stands aside for a placeholder
 * ({@link Basic} with a one-time id) that the JSON writer replaces with the JSON.
 */
public final class StoredJson {

	private static final String KEY = StoredJson.class.getName();
	private static final Set<String> DIRECTORY_TYPES = Set.of("Practitioner", "PractitionerRole", "Organization",
			"Location", "HealthcareService", "Endpoint", "VerificationResult");

	private final Bundle bundle;
	private final Map<Integer, Resource> originals = new HashMap<>();
	private final Map<String, String> jsonByPlaceholder = new HashMap<>();

	private StoredJson(Bundle bundle) {
		this.bundle = bundle;
	}

	/** Whether resources of this type are the public directory's, which carry their JSON. */
	public static boolean isDirectoryType(String type) {
		return DIRECTORY_TYPES.contains(type);
	}

	/** Keeps {@code json} with {@code resource}, just parsed from it, if it is a directory type. */
	static void keep(IBaseResource resource, String type, String json) {
		if (isDirectoryType(type)) {
			resource.setUserData(KEY, json);
		}
	}

	/** Forgets the JSON: the resource is about to change ({@link RapportFhirContext#markChanged}). */
	static void forget(IBaseResource resource) {
		resource.setUserData(KEY, null);
	}

	/**
	 * Rapport's JSON encoding ({@link RapportJsonParser.Encoding}): the streaming writer, with the
	 * stored JSON of a plain Bundle's entries.
	 */
	static void encode(IBaseResource resource, Writer writer, boolean plain, String serverBase,
			RapportJsonParser.Body body) throws IOException {
		StoredJson swap = plain && resource instanceof Bundle bundle ? standAside(bundle, serverBase) : null;
		try {
			BaseJsonLikeWriter json = StreamingJsonWriter.create(writer, swap == null ? Map.of() : swap.jsonByPlaceholder);
			body.writeTo(json);
			json.close();
		} finally {
			if (swap != null) {
				swap.restore();
			}
		}
	}

	/**
	 * Puts placeholders in for the entries with JSON; {@link #restore} puts the resources back.
	 * Not for JSON that names the server's base: HAPI writes references to this server relative to
	 * the request's base, which the stored JSON cannot know.
	 */
	private static StoredJson standAside(Bundle bundle, String serverBase) {
		StoredJson swap = new StoredJson(bundle);
		String prefix = null;
		List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
		for (int i = 0; i < entries.size(); i++) {
			Resource resource = entries.get(i).getResource();
			Object json = resource == null ? null : resource.getUserData(KEY);
			if (json instanceof String text && (serverBase == null || !text.contains(serverBase + "/"))) {
				// Random, so that no Basic resource of the Bundle's own has a placeholder's id; made
				// only for a Bundle with stored JSON, not for every Bundle written.
				prefix = prefix != null ? prefix : "stored-" + UUID.randomUUID() + "-";
				String placeholder = prefix + i;
				swap.originals.put(i, resource);
				swap.jsonByPlaceholder.put(placeholder, text);
				entries.get(i).setResource(new Basic().setId(placeholder));
			}
		}
		return swap;
	}

	private void restore() {
		originals.forEach((i, resource) -> bundle.getEntry().get(i).setResource(resource));
	}
}
