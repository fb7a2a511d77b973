package health.rapport.fhir.server;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import org.hl7.fhir.r4.model.Bundle;

/** Server-level interactions: batch and transaction Bundles posted to the base URL. */
class SystemProvider {

	private final BundleProcessor processor;

	SystemProvider(BundleProcessor processor) {
		this.processor = processor;
	}

	@Transaction
	public Bundle transaction(@TransactionParam Bundle bundle) {
		return processor.process(bundle);
	}
}
