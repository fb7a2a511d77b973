package health.rapport.fhir.server;

import health.rapport.directory.demo.DemoDirectory;
import health.rapport.directory.demo.ReferenceData;
import health.rapport.fhir.store.ResourceStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
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
		// In chunks, made as they are written: a large directory fits neither one transaction's
		// pending writes nor, as objects, a small heap beside the validator's definitions.
		long loaded = load(directory.infrastructureStream());
		loaded += load(IntStream.range(0, practitioners).boxed().flatMap(i -> directory.practitioner(i).stream()));
		log.info("Loaded the demo directory: {} resources ({} practitioners) in {} ms",
				loaded, practitioners, (System.nanoTime() - start) / 1_000_000);
	}

	private long load(Stream<Resource> directory) {
		List<Resource> chunk = new ArrayList<>(CHUNK);
		long count = 0;
		for (Iterator<Resource> it = directory.iterator(); it.hasNext();) {
			chunk.add(it.next());
			if (chunk.size() == CHUNK || !it.hasNext()) {
				resources.updateAllTrusted(chunk);
				count += chunk.size();
				chunk.clear();
			}
		}
		return count;
	}
}
