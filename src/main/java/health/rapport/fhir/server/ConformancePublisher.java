package health.rapport.fhir.server;

import health.rapport.fhir.conformance.ConformancePackage;
import health.rapport.fhir.store.ResourceStore;
import health.rapport.fhir.store.StoredVersion;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

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
	private final ResourceCodec codec;

	ConformancePublisher(ConformancePackage fhirPackage, ResourceService resources, ResourceStore store,
			ResourceCodec codec) {
		this.fhirPackage = fhirPackage;
		this.resources = resources;
		this.store = store;
		this.codec = codec;
	}

	@Override
	public void run(ApplicationArguments args) {
		List<Resource> changed = fhirPackage.resources().stream().filter(this::changed).map(Resource::copy).toList();
		resources.updateAllTrusted(changed);
		log.info("FHIR package: {} conformance resources, {} published or updated", fhirPackage.resources().size(),
				changed.size());
	}

	private boolean changed(Resource resource) {
		Optional<StoredVersion> stored = store.current(resource.fhirType(), resource.getIdElement().getIdPart());
		if (stored.isEmpty() || stored.get().deleted()) {
			return true;
		}
		return !withoutVersion((Resource) codec.decode(stored.get())).equalsDeep(withoutVersion(resource.copy()));
	}

	private static Resource withoutVersion(Resource resource) {
		resource.setMeta(null);
		resource.setId(resource.getIdElement().getIdPart());
		return resource;
	}
}
