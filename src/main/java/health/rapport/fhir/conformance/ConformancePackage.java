package health.rapport.fhir.conformance;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Rapport's FHIR package ({@code fhir-profiles/} in the repository, on the classpath at run time):
 * its conformance resources — profiles, extensions, code systems, value sets, search parameters
 * and operation definitions — without the examples.
 */
@Component
public class ConformancePackage {

	/** The types of the package's resources: published by the server, read-only to clients. */
	public static final Set<String> TYPES =
			Set.of("StructureDefinition", "CodeSystem", "ValueSet", "SearchParameter", "OperationDefinition");

	private final List<Resource> resources;

	public ConformancePackage(FhirContext fhirContext) {
		this.resources = load(fhirContext);
	}

	/** The package's conformance resources, in file-name order; never null. */
	public List<Resource> resources() {
		return resources;
	}

	private static List<Resource> load(FhirContext fhirContext) {
		try {
			org.springframework.core.io.Resource[] files = new PathMatchingResourcePatternResolver()
					.getResources("classpath*:fhir-profiles/*-*.json");
			List<Resource> loaded = new ArrayList<>();
			for (org.springframework.core.io.Resource file : Arrays.stream(files)
					.sorted(Comparator.comparing(org.springframework.core.io.Resource::getFilename)).toList()) {
				try (InputStream in = file.getInputStream()) {
					loaded.add((Resource) fhirContext.newJsonParser().parseResource(in));
				}
			}
			return List.copyOf(loaded);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
