package health.rapport.fhir.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.RapportJsonParser;
import health.rapport.fhir.json.RapportFhirContext;
import health.rapport.fhir.store.StoredVersion;
import java.util.Date;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Encodes resources to the stored JSON and back, keeping id and meta in step with the store. */
@Component
public class ResourceCodec {

	/**
	 * The heap the server needs before any is spared for parsed resources: the validator's
	 * definitions hold some 270 MB. In a 512 MB heap even a 15 MB cache left the collector in
	 * back-to-back full collections under load (the matching benchmark: 24 matches/s against 85).
	 */
	static final long HEAP_FOR_THE_REST = 768L * 1024 * 1024;

	private final FhirContext fhirContext;
	private final ParsedDirectory parsed;

	/**
	 * @param parsedCachePercent the share, of the heap beyond the first {@link #HEAP_FOR_THE_REST},
	 *     for directory resources kept parsed ({@link ParsedDirectory}); 0 keeps none
	 */
	public ResourceCodec(FhirContext fhirContext, @Value("${rapport.fhir.parsed-cache-heap-percent:5}") int parsedCachePercent) {
		this.fhirContext = fhirContext;
		this.parsed = new ParsedDirectory(Math.max(0, Runtime.getRuntime().maxMemory() - HEAP_FOR_THE_REST) / 100 * parsedCachePercent);
	}

	/** Stamps id, version and last-updated on the resource and returns its JSON. */
	public String encode(IBaseResource resource, String type, String id, int version, long lastUpdated) {
		RapportFhirContext.markChanged(resource);
		resource.setId(new IdType(type, id, Integer.toString(version)));
		resource.getMeta().setVersionId(Integer.toString(version));
		resource.getMeta().setLastUpdated(new Date(lastUpdated));
		return fhirContext.newJsonParser().encodeResourceToString(resource);
	}

	public IBaseResource decode(StoredVersion stored) {
		IBaseResource resource = parsed.parse(stored.type(), stored.json(), json -> {
			IParser parser = fhirContext.newJsonParser();
			return parser instanceof RapportJsonParser rapport ? rapport.parseStored(json) : parser.parseResource(json);
		});
		resource.setId(new IdType(stored.type(), stored.id(), Integer.toString(stored.version())));
		RapportFhirContext.markRead(resource, stored.type(), stored.json());
		return resource;
	}

	public String typeOf(IBaseResource resource) {
		return fhirContext.getResourceType(resource);
	}
}
