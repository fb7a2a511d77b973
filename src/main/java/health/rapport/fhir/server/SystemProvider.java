package health.rapport.fhir.server;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import org.hl7.fhir.r4.model.Bundle;

/** Server-level interactions: batch and transaction Bundles posted to the base URL, and messages. */
class SystemProvider {

	private final BundleProcessor processor;
	private final MessageProcessor messages;

	SystemProvider(BundleProcessor processor, MessageProcessor messages) {
		this.processor = processor;
		this.messages = messages;
	}

	/** A FHIR message (BSeR's referral message), processed at once; see {@link MessageProcessor}. */
	@Operation(name = "$process-message", idempotent = false)
	public Bundle processMessage(@ResourceParam Bundle message) {
		return messages.process(message);
	}

	@Transaction
	public Bundle transaction(@TransactionParam Bundle bundle) {
		return processor.process(bundle);
	}
}
