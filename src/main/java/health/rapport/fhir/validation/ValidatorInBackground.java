package health.rapport.fhir.validation;

import ca.uhn.fhir.validation.FhirValidator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validator, built on a thread of its own from start-up on. Loading the core definitions and
 * generating the profiles' snapshots takes seconds that nothing at start needs (the demo data and
 * the conformance package are written as trusted): as a Spring background bean it held the whole
 * start until it was done. The first validation waits for it instead.
 */
final class ValidatorInBackground implements Supplier<FhirValidator> {

	private static final Logger log = LoggerFactory.getLogger(ValidatorInBackground.class);

	private final CompletableFuture<FhirValidator> validator = new CompletableFuture<>();

	ValidatorInBackground(Supplier<FhirValidator> build) {
		Thread thread = new Thread(() -> {
			try {
				validator.complete(build.get());
			} catch (RuntimeException | Error e) {
				log.error("The FHIR validator could not be built: every write will fail", e);
				validator.completeExceptionally(e);
			}
		}, "validator-bootstrap");
		thread.setDaemon(true);
		thread.start();
	}

	/** The validator, once built. */
	@Override
	public FhirValidator get() {
		try {
			return validator.join();
		} catch (CompletionException e) {
			throw new IllegalStateException("The FHIR validator could not be built", e.getCause());
		}
	}
}
