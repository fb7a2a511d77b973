package health.rapport.fhir.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * {@code $process-message} (synchronous): a FHIR message, a Bundle of type message with its
 * MessageHeader first (HL7 BSeR's referral message), is stored as one transaction. Each other
 * entry is created, or updated when it is a resource this server already holds (a Task the sender
 * updates); references between entries, by full URL or by {@code Type/id}, follow the records as
 * stored. Whatever the stored records set off (a referral's Task) happens in the same transaction.
 * The answer is a response message whose header's focus lists the records as stored.
 */
@Component
class MessageProcessor {

	private final BundleProcessor bundles;
	private final ResourceService resources;
	private final FhirContext fhir;

	MessageProcessor(BundleProcessor bundles, ResourceService resources, FhirContext fhir) {
		this.bundles = bundles;
		this.resources = resources;
		this.fhir = fhir;
	}

	Bundle process(Bundle message) {
		if (message.getType() != BundleType.MESSAGE) {
			throw new InvalidRequestException("$process-message takes a Bundle of type message, not " + message.getType());
		}
		if (message.getEntry().isEmpty() || !(message.getEntryFirstRep().getResource() instanceof MessageHeader header)) {
			throw new InvalidRequestException("A message Bundle starts with its MessageHeader");
		}
		if (!header.hasFocus()) {
			throw new InvalidRequestException("MessageHeader.focus must name what the message is about (a ServiceRequest or Task)");
		}
		Bundle transaction = new Bundle().setType(BundleType.TRANSACTION);
		Map<String, String> renamed = new HashMap<>();
		for (BundleEntryComponent entry : message.getEntry().subList(1, message.getEntry().size())) {
			if (!entry.hasResource()) {
				throw new InvalidRequestException("Every message entry after the MessageHeader carries a resource");
			}
			transaction.addEntry(transactionEntry(entry, renamed));
		}
		for (BundleEntryComponent entry : transaction.getEntry()) {
			for (Reference ref : fhir.newTerser().getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class)) {
				String target = renamed.get(ref.getReference());
				if (target != null) {
					ref.setReference(target);
				}
			}
		}
		Bundle stored = bundles.process(transaction);
		return response(header, message, stored);
	}

	/** An entry that updates what is stored here, or creates it under a fresh {@code urn:uuid}. */
	private BundleEntryComponent transactionEntry(BundleEntryComponent entry, Map<String, String> renamed) {
		Resource resource = entry.getResource().copy();
		String type = resource.fhirType();
		String id = resource.getIdElement().getIdPart();
		BundleEntryComponent out = new BundleEntryComponent().setResource(resource);
		if (id != null && resources.exists(type, Map.of("_id", new String[] {id}))) {
			out.setFullUrl(type + "/" + id).getRequest().setMethod(HTTPVerb.PUT).setUrl(type + "/" + id);
			return out;
		}
		String urn = "urn:uuid:" + UUID.randomUUID();
		if (entry.hasFullUrl()) {
			renamed.put(entry.getFullUrl(), urn);
		}
		if (id != null) {
			renamed.put(type + "/" + id, urn);
		}
		resource.setId((String) null);
		out.setFullUrl(urn).getRequest().setMethod(HTTPVerb.POST).setUrl(type);
		return out;
	}

	private static Bundle response(MessageHeader request, Bundle message, Bundle stored) {
		MessageHeader header = new MessageHeader();
		header.setId(UUID.randomUUID().toString());
		header.setEvent(request.getEvent().copy());
		header.getSource().setName("Rapport").setEndpoint("urn:rapport");
		if (request.getSource().hasEndpoint()) {
			header.addDestination().setEndpoint(request.getSource().getEndpoint());
		}
		String answered = request.getIdElement().getIdPart() != null ? request.getIdElement().getIdPart()
				: message.getIdElement().getIdPart();
		if (answered != null) {
			header.getResponse().setIdentifier(answered).setCode(MessageHeader.ResponseType.OK);
		}
		List<String> locations = stored.getEntry().stream().map(e -> e.getResponse().getLocation()).toList();
		for (String location : locations) {
			header.addFocus(new Reference(new IdType(location).toUnqualifiedVersionless().getValue()));
		}
		Bundle response = new Bundle().setType(BundleType.MESSAGE).setTimestamp(new Date());
		response.setIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem("urn:ietf:rfc:3986")
				.setValue("urn:uuid:" + UUID.randomUUID()));
		response.addEntry().setFullUrl("urn:uuid:" + header.getId()).setResource(header);
		return response;
	}
}
