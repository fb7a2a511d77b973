package health.rapport.fhir.server;

import health.rapport.directory.demo.DemoDirectory;
import health.rapport.directory.demo.ReferenceData;
import health.rapport.fhir.store.ResourceStore;
import java.util.List;
import java.util.stream.IntStream;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Loads the synthetic demo directory when the store holds no practitioner at start. */
@Component
@Order(1)
@ConditionalOnProperty(name = "rapport.demo-data.enabled", havingValue = "true")
class DemoDataLoader implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);
	private static final int CHUNK = 500;

	private final ResourceService resources;
	private final ResourceStore store;
	private final int practitioners;

	DemoDataLoader(ResourceService resources, ResourceStore store,
			@Value("${rapport.demo-data.practitioners:2000}") int practitioners) {
		this.resources = resources;
		this.store = store;
		this.practitioners = practitioners;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (store.countCurrent("Practitioner") > 0) {
			return;
		}
		long start = System.nanoTime();
		DemoDirectory directory = new DemoDirectory(ReferenceData.load(), DemoDirectory.DEFAULT_SEED, practitioners);
		List<Resource> infrastructure = directory.infrastructure();
		// In chunks: a large directory's practices do not fit one transaction's pending writes.
		for (int first = 0; first < infrastructure.size(); first += CHUNK) {
			resources.updateAllTrusted(infrastructure.subList(first, Math.min(infrastructure.size(), first + CHUNK)));
		}
		int perChunk = CHUNK / 3;
		for (int first = 0; first < practitioners; first += perChunk) {
			resources.updateAllTrusted(IntStream.range(first, Math.min(practitioners, first + perChunk)).boxed()
					.flatMap(i -> directory.practitioner(i).stream()).toList());
		}
		log.info("Loaded the demo directory: {} resources ({} practitioners) in {} ms",
				infrastructure.size() + 3L * practitioners, practitioners, (System.nanoTime() - start) / 1_000_000);
	}
}
