package health.rapport.fhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.parser.StrictErrorHandler;
import health.rapport.directory.demo.DemoDirectory;
import health.rapport.directory.demo.ReferenceData;
import health.rapport.fhir.json.RapportFhirContext;
import health.rapport.fhir.store.StoredVersion;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class ParsedDirectoryTest {

	private static final DemoDirectory DIRECTORY = new DemoDirectory(ReferenceData.load(), DemoDirectory.DEFAULT_SEED, 20);
	private final RapportFhirContext fhir = new RapportFhirContext(new StrictErrorHandler());
	private final ResourceCodec cached = new ResourceCodec(fhir, 50);
	private final ResourceCodec uncached = new ResourceCodec(fhir, 0);

	@Test
	void aCopyOfAResourceParsedBeforeIsWhatParsingItsJsonGives() {
		Stream.concat(DIRECTORY.infrastructure().stream(), DIRECTORY.all()).forEach(resource -> {
			StoredVersion stored = stored(resource);
			cached.decode(stored);

			assertThat(encode(cached.decode(stored))).as(resource.getId()).isEqualTo(encode(uncached.decode(stored)))
					.isEqualTo(stored.json());
		});
	}

	@Test
	void aChangeToOneReadersCopyReachesNoOtherReader() {
		StoredVersion stored = stored(DIRECTORY.practitioner(3).get(1));
		PractitionerRole first = (PractitionerRole) cached.decode(stored);
		first.getPractitioner().setReference("Practitioner/someone-else");
		first.getExtension().clear();

		PractitionerRole second = (PractitionerRole) cached.decode(stored);

		assertThat(second.getPractitioner().getReference()).isNotEqualTo("Practitioner/someone-else");
		assertThat(encode(second)).isEqualTo(stored.json());
	}

	@Test
	void onlyTheDirectorysTypesAreKeptParsed() {
		ParsedDirectory parsed = new ParsedDirectory(1 << 20);
		AtomicInteger parses = new AtomicInteger();
		String practitioner = fhir.newJsonParser().encodeResourceToString(DIRECTORY.practitioner(1).get(0));
		String patient = fhir.newJsonParser().encodeResourceToString(new Patient().setId("p1"));

		for (int i = 0; i < 3; i++) {
			parsed.parse("Practitioner", practitioner, json -> count(parses, fhir.newJsonParser().parseResource(json)));
		}
		assertThat(parses).hasValue(1);
		for (int i = 0; i < 3; i++) {
			parsed.parse("Patient", patient, json -> count(parses, fhir.newJsonParser().parseResource(json)));
		}
		assertThat(parses).hasValue(4);
	}

	private static IBaseResource count(AtomicInteger parses, IBaseResource parsed) {
		parses.incrementAndGet();
		return parsed;
	}

	private StoredVersion stored(Resource resource) {
		Resource copy = resource.copy();
		String json = uncached.encode(copy, copy.fhirType(), resource.getIdPart(), 1, 1_000);
		return new StoredVersion(1, copy.fhirType(), resource.getIdPart(), 1, false, 1_000, json);
	}

	private String encode(IBaseResource resource) {
		return fhir.newJsonParser().encodeResourceToString(resource);
	}
}
