package health.rapport.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.fhirpath.IFhirPathEvaluationContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import health.rapport.fhir.json.RapportFhirContext;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Practitioner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one FhirContext of the application, and the FHIRPath engine search extraction uses. */
@Configuration
class FhirConfiguration {

	@Bean
	FhirContext fhirContext() {
		// Unknown elements and malformed values are refused rather than silently dropped:
		// a resource is stored whole or not at all.
		return new RapportFhirContext(new StrictErrorHandler());
	}

	/** Lets the FHIRPath engine load the core definitions while the rest of the application starts. */
	@Bean
	Executor bootstrapExecutor() {
		return Executors.newSingleThreadExecutor(r -> new Thread(r, "fhirpath-bootstrap"));
	}

	/** Built in the background: its worker context loads every core StructureDefinition, seconds of start-up. */
	@Bean(bootstrap = Bean.Bootstrap.BACKGROUND)
	IFhirPath fhirPath(FhirContext fhirContext) {
		IFhirPath fhirPath = fhirContext.newFhirPath();
		fhirPath.setEvaluationContext(new IFhirPathEvaluationContext() {
			// resolve() in a search expression (e.g. "where(resolve() is Patient)") only needs the type.
			@Override
			public IBase resolveReference(IIdType reference, IBase context) {
				if (!reference.hasResourceType()
						|| !fhirContext.getResourceTypes().contains(reference.getResourceType())) {
					return null;
				}
				IBaseResource target = fhirContext.getResourceDefinition(reference.getResourceType()).newInstance();
				target.setId(reference);
				return target;
			}
		});
		// Loads the engine's definitions now rather than on the first request.
		fhirPath.evaluate(new Practitioner(), "Practitioner.name.where(use = 'official')", IBase.class);
		return fhirPath;
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}
}
