package health.rapport.fhir.server;

import health.rapport.directory.demo.DemoDirectory;
import health.rapport.directory.demo.ReferenceData;
import health.rapport.fhir.store.ResourceStore;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Loads the synthetic demo directory when the store holds no practitioner at start. */
@Component
@ConditionalOnProperty(name = "rapport.demo-data.enabled", havingValue = "true")
class DemoDataLoader implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);
	private static final int CHUNK = 500;

	private final ResourceService resources;
	private final ResourceStore store;
	private final TransactionTemplate transactions;
	private final int practitioners;

	DemoDataLoader(ResourceService resources, ResourceStore store, TransactionTemplate transactions,
			@Value("${rapport.demo-data.practitioners:2000}") int practitioners) {
		this.resources = resources;
		this.store = store;
		this.transactions = transactions;
		this.practitioners = practitioners;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (store.countCurrent("Practitioner") > 0) {
			return;
		}
		long start = System.nanoTime();
		DemoDirectory directory = new DemoDirectory(ReferenceData.load(), DemoDirectory.DEFAULT_SEED, practitioners);
		List<Resource> chunk = new ArrayList<>(CHUNK);
		int[] count = {0};
		directory.all().forEach(resource -> {
			chunk.add(resource);
			if (chunk.size() == CHUNK) {
				count[0] += write(chunk);
			}
		});
		count[0] += write(chunk);
		log.info("Loaded the demo directory: {} resources ({} practitioners) in {} ms", count[0], practitioners,
				(System.nanoTime() - start) / 1_000_000);
	}

	private int write(List<Resource> chunk) {
		int size = chunk.size();
		transactions.executeWithoutResult(status -> chunk.forEach(
				r -> resources.update(r.fhirType(), r.getIdElement().getIdPart(), r, null)));
		chunk.clear();
		return size;
	}
}
