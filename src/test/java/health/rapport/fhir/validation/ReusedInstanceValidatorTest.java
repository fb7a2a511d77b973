package health.rapport.fhir.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import health.rapport.directory.demo.DemoDirectory;
import health.rapport.directory.demo.ReferenceData;
import health.rapport.fhir.conformance.ConformancePackage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.StructureDefinition.ExtensionContextType;
import org.hl7.fhir.r4.model.StructureDefinition.StructureDefinitionKind;
import org.hl7.fhir.r4.model.StructureDefinition.TypeDerivationRule;
import org.hl7.fhir.r4.model.UriType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reusing validator reports exactly what HAPI's FhirInstanceValidator reports — severity,
 * message, FHIRPath location, line and column, message id — for the package's examples (valid and
 * invalid) and 300 demo resources, validated one after another on the same reused instance and
 * from several threads at once.
 */
class ReusedInstanceValidatorTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final String RETIRED = "https://example.org/fhir/StructureDefinition/retired-note";

	private static FhirValidator stock;
	private static FhirValidator reused;
	private static ResourceValidator profiles;
	private static List<Resource> resources;
	private static List<List<String>> expected;

	@BeforeAll
	static void validateWithTheStockValidator() {
		ConformancePackage fhirPackage = new ConformancePackage(FHIR);
		ValidationSupportChain chain = ValidationConfiguration.supportChain(FHIR, fhirPackage);
		PrePopulatedValidationSupport retired = new PrePopulatedValidationSupport(FHIR);
		retired.addStructureDefinition(retiredExtension());
		chain.addValidationSupport(retired);
		stock = ValidationConfiguration.validator(FHIR, new FhirInstanceValidator(chain));
		reused = ValidationConfiguration.validator(FHIR, new ReusedInstanceValidator(chain));
		profiles = new ResourceValidator(() -> stock, FHIR, fhirPackage, true);
		Stream<Resource> examples = Stream.concat(examples("fhir-profiles/examples"),
				examples("fhir-profiles/examples/invalid"));
		Stream<Resource> demo = new DemoDirectory(ReferenceData.load(), DemoDirectory.DEFAULT_SEED, 100).all().limit(300);
		resources = Stream.concat(examples, demo).toList();
		expected = resources.stream().map(r -> messages(stock, r)).toList();
	}

	private static Stream<Resource> examples(String dir) {
		return Arrays.stream(new File(dir).listFiles((d, name) -> name.endsWith(".json"))).sorted().map(file -> {
			try {
				return (Resource) FHIR.newJsonParser().parseResource(Files.readString(file.toPath()));
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		});
	}

	/** An extension whose use the validator warns about, on a Practitioner. */
	private static StructureDefinition retiredExtension() {
		StructureDefinition extension = new StructureDefinition().setUrl(RETIRED).setName("RetiredNote")
				.setStatus(PublicationStatus.RETIRED).setKind(StructureDefinitionKind.COMPLEXTYPE).setAbstract(false)
				.setType("Extension").setBaseDefinition("http://hl7.org/fhir/StructureDefinition/Extension")
				.setDerivation(TypeDerivationRule.CONSTRAINT);
		extension.addContext().setType(ExtensionContextType.ELEMENT).setExpression("Practitioner");
		extension.getDifferential().addElement().setPath("Extension").setMax("1");
		extension.getDifferential().addElement().setPath("Extension.url").setFixed(new UriType(RETIRED));
		extension.getDifferential().addElement().setPath("Extension.value[x]").addType().setCode("string");
		return extension;
	}

	/** What the server validates a write with: Rapport's profile for its type unless it names its own. */
	private static List<String> messages(FhirValidator validator, Resource resource) {
		ValidationOptions options = new ValidationOptions();
		String profile = profiles.profileFor(resource.fhirType());
		if (resource.getMeta().getProfile().isEmpty() && profile != null) {
			options.addProfile(profile);
		}
		return validator.validateWithResult(resource, options).getMessages().stream()
				.map(ReusedInstanceValidatorTest::describe).toList();
	}

	private static String describe(SingleValidationMessage m) {
		return m.getSeverity() + " " + m.getLocationString() + " [" + m.getLocationLine() + ":" + m.getLocationCol()
				+ "] " + m.getMessageId() + ": " + m.getMessage()
				+ (m.getSliceMessages() == null ? "" : " " + m.getSliceMessages());
	}

	@Test
	void sameMessagesOneAfterAnother() {
		for (int i = 0; i < resources.size(); i++) {
			Resource resource = resources.get(i);
			assertThat(messages(reused, resource)).as(resource.fhirType() + "/" + resource.getIdPart())
					.containsExactlyElementsOf(expected.get(i));
		}
		// The inputs do exercise errors: the invalid examples are refused.
		assertThat(expected.stream().flatMap(List::stream).filter(m -> m.startsWith("ERROR"))).hasSizeGreaterThan(10);
	}

	/**
	 * InstanceValidator warns about a retired or deprecated definition once per instance; a reused
	 * one must warn for every resource, as a new one does.
	 */
	@Test
	void warnsAboutARetiredExtensionEveryTime() {
		Practitioner practitioner = new Practitioner();
		practitioner.addExtension(RETIRED, new StringType("note"));
		List<String> first = messages(stock, practitioner);
		assertThat(first).anyMatch(m -> m.contains(RETIRED) && m.contains("retired"));
		for (int i = 0; i < 3; i++) {
			assertThat(messages(reused, practitioner)).containsExactlyElementsOf(first);
		}
	}

	/**
	 * InstanceValidator keeps the link targets of each narrative it has checked; a reused one
	 * forgets them with the resource, and still reports a broken link every time.
	 */
	@Test
	void checksNarrativeLinksAlikeEveryTime() {
		for (String link : List.of("#intro", "#missing")) {
			Practitioner practitioner = withLink(link);
			List<String> first = messages(stock, practitioner);
			for (int i = 0; i < 3; i++) {
				assertThat(messages(reused, practitioner)).as(link).containsExactlyElementsOf(first);
			}
		}
		assertThat(messages(stock, withLink("#missing"))).as("a broken link is reported")
				.isNotEqualTo(messages(stock, withLink("#intro")));
	}

	private static Practitioner withLink(String link) {
		Practitioner practitioner = new Practitioner();
		practitioner.addIdentifier().setSystem("urn:example").setValue("narrative");
		practitioner.addName().setFamily("Narrative");
		practitioner.getText().setStatus(org.hl7.fhir.r4.model.Narrative.NarrativeStatus.GENERATED)
				.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p id=\"intro\">Dr Narrative</p><a href=\""
						+ link + "\">about</a></div>");
		return practitioner;
	}

	/** Else a HAPI upgrade renamed the fields it clears, and instances are retired after 20 uses. */
	@Test
	void clearsTheCodingsInstanceValidatorRecords() {
		assertThat(ReusedInstanceValidator.MAX_USES).isEqualTo(10_000);
	}

	@Test
	void sameMessagesFromManyThreads() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(6);
		try {
			List<Future<List<String>>> results = new ArrayList<>();
			for (int round = 0; round < 2; round++) {
				for (Resource resource : resources) {
					results.add(threads.submit(() -> messages(reused, resource)));
				}
			}
			for (int i = 0; i < results.size(); i++) {
				assertThat(results.get(i).get()).containsExactlyElementsOf(expected.get(i % resources.size()));
			}
		} finally {
			threads.shutdown();
		}
	}
}
