package health.rapport.fhir.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleEntryRequestComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.springframework.stereotype.Component;

/** Reads and checks what one batch or transaction entry asks for. */
@Component
class BundleEntryReader {

	private final FhirContext fhirContext;

	BundleEntryReader(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	/** One entry's request: the type and id its URL names, its body and its conditions. */
	record Request(String type, String id, IBaseResource resource, String ifMatch,
			Map<String, String[]> query) {}

	Request read(BundleEntryComponent entry) {
		BundleEntryRequestComponent request = entry.getRequest();
		if (request.getMethod() == null || !request.hasUrl()) {
			throw new InvalidRequestException("Entry has no request method or URL");
		}
		String url = request.getUrl();
		String path = url.split("\\?", 2)[0];
		String[] segments = path.split("/");
		String type = segments[0];
		if (!fhirContext.getResourceTypes().contains(type)) {
			throw new InvalidRequestException("Unknown resource type in entry URL \"" + url + "\"");
		}
		String id = segments.length > 1 ? segments[1] : null;
		if (id != null) {
			ResourceService.checkId(id);
		}
		IBaseResource resource = entry.getResource();
		if (resource != null && resource.getIdElement().getValue() != null
				&& resource.getIdElement().getValue().startsWith("urn:")) {
			// HAPI's parser gives an entry's resource its urn:uuid fullUrl as id: that is no resource id.
			resource.setId((String) null);
		}
		boolean needsBody = request.getMethod() == HTTPVerb.POST || request.getMethod() == HTTPVerb.PUT;
		if (needsBody) {
			checkBody(resource, type, url);
		}
		if (request.getMethod() != HTTPVerb.POST && request.getMethod() != HTTPVerb.GET && id == null) {
			throw new InvalidRequestException("Conditional " + request.getMethod() + " is not supported: \"" + url + "\"");
		}
		return new Request(type, id, resource, ResourceService.expectedVersion(request.getIfMatch()),
				QueryString.parse(url.contains("?") ? url : ""));
	}

	private void checkBody(IBaseResource resource, String type, String url) {
		if (resource == null) {
			throw new InvalidRequestException("Entry for \"" + url + "\" has no resource");
		}
		String bodyType = fhirContext.getResourceType(resource);
		if (!bodyType.equals(type)) {
			throw new InvalidRequestException(
					"Resource type " + bodyType + " does not match the entry URL \"" + url + "\"");
		}
	}
}
