package health.rapport.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.fhirpath.IFhirPathEvaluationContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import health.rapport.fhir.json.RapportFhirContext;
import java.time.Clock;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
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

	@Bean
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
		return fhirPath;
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}
}
