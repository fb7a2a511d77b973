package health.rapport.fhir.server;

import ca.uhn.fhir.context.FhirContext;
import health.rapport.fhir.conformance.ConformancePackage;
import health.rapport.fhir.store.ResourceStore;
import health.rapport.fhir.store.StoredVersion;
import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores the FHIR package's conformance resources at start, so that {@code /fhir/StructureDefinition},
 * {@code CodeSystem}, {@code ValueSet}, {@code SearchParameter} and {@code OperationDefinition}
 * serve them with read, history and search (by url among others). A resource gets a new version
 * only when the package changed it.
 */
@Component
@Order(0)
class ConformancePublisher implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(ConformancePublisher.class);

	private final ConformancePackage fhirPackage;
	private final ResourceService resources;
	private final ResourceStore store;
	private final TransactionTemplate transactions;
	private final FhirContext fhirContext;

	ConformancePublisher(ConformancePackage fhirPackage, ResourceService resources, ResourceStore store,
			TransactionTemplate transactions, FhirContext fhirContext) {
		this.fhirPackage = fhirPackage;
		this.resources = resources;
		this.store = store;
		this.transactions = transactions;
		this.fhirContext = fhirContext;
	}

	@Override
	public void run(ApplicationArguments args) {
		int[] published = {0};
		transactions.executeWithoutResult(status -> {
			for (Resource resource : fhirPackage.resources()) {
				if (changed(resource)) {
					resources.update(resource.fhirType(), resource.getIdElement().getIdPart(), resource.copy(), null);
					published[0]++;
				}
			}
		});
		log.info("FHIR package: {} conformance resources, {} published or updated", fhirPackage.resources().size(),
				published[0]);
	}

	private boolean changed(Resource resource) {
		Optional<StoredVersion> stored = store.current(resource.fhirType(), resource.getIdElement().getIdPart());
		if (stored.isEmpty() || stored.get().deleted()) {
			return true;
		}
		Resource current = (Resource) fhirContext.newJsonParser().parseResource(stored.get().json());
		current.setMeta(null);
		Resource candidate = resource.copy();
		candidate.setMeta(null);
		return !current.equalsDeep(candidate);
	}
}
