package health.rapport.fhir.server;

import ca.uhn.fhir.context.FhirContext;
import health.rapport.fhir.conformance.ConformancePackage;
import health.rapport.fhir.matching.MatchOperation;
import health.rapport.fhir.search.SearchParameterRegistry;
import health.rapport.fhir.validation.ResourceValidator;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class FhirServerConfiguration {

	@Bean
	ServletRegistrationBean<RapportFhirServer> fhirServlet(FhirContext fhirContext, ResourceService resources,
			Searches searches, BundleProcessor bundles, SearchParameterRegistry registry, FhirServerProperties properties,
			ConformancePackage fhirPackage, ResourceValidator validator, MatchOperation match,
			List<ServerInterceptor> interceptors, List<ServerProvider> providers, ConditionalCreates conditions,
			MessageProcessor messages) {
		List<Class<? extends IBaseResource>> types = properties.resourceTypes().stream()
				.<Class<? extends IBaseResource>>map(t -> fhirContext.getResourceDefinition(t).getImplementingClass())
				.toList();
		RapportFhirServer server = new RapportFhirServer(fhirContext, types, resources, searches, bundles, registry,
				properties, fhirPackage, validator, java.util.stream.Stream.<Object>concat(java.util.stream.Stream.of(match),
				providers.stream()).toList(), List.copyOf(interceptors), conditions, messages);
		ServletRegistrationBean<RapportFhirServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
		registration.setName("fhir");
		registration.setLoadOnStartup(1);
		return registration;
	}
}
