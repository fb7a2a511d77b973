package health.rapport.fhir.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import health.rapport.fhir.conformance.ConformancePackage;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.utilities.settings.FhirSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class ValidationConfiguration {

	/** Built in the background while the application starts and loads its data (see the class). */
	@Bean
	ValidatorInBackground fhirValidator(FhirContext fhirContext, ConformancePackage fhirPackage) {
		return new ValidatorInBackground(() -> {
			ValidationSupportChain chain = supportChain(fhirContext, fhirPackage);
			// HAPI's FhirInstanceValidator, but reusing the HL7 validators it would build for every resource.
			FhirValidator validator = validator(fhirContext, new ReusedInstanceValidator(chain));
			warmUp(validator, chain, fhirPackage);
			return validator;
		});
	}

	/** The core definitions, Rapport's package and the terminology the validator checks codes with. */
	static ValidationSupportChain supportChain(FhirContext fhirContext, ConformancePackage fhirPackage) {
		// Everything the validator needs is on the classpath; it must never try the package registry.
		FhirSettings.setProhibitNetworkAccess(true);
		PrePopulatedValidationSupport rapport = new PrePopulatedValidationSupport(fhirContext);
		for (var resource : fhirPackage.resources()) {
			if (resource instanceof StructureDefinition sd) {
				rapport.addStructureDefinition(sd);
			} else if (resource instanceof CodeSystem cs) {
				rapport.addCodeSystem(cs);
			} else if (resource instanceof ValueSet vs) {
				rapport.addValueSet(vs);
			}
		}
		return new ValidationSupportChain(
				new DefaultProfileValidationSupport(fhirContext),
				rapport,
				new SnapshotGeneratingValidationSupport(fhirContext),
				new InMemoryTerminologyServerValidationSupport(fhirContext),
				new CommonCodeSystemsTerminologyService(fhirContext));
	}

	/** A validator with Rapport's settings around {@code instanceValidator}. */
	static FhirValidator validator(FhirContext fhirContext, FhirInstanceValidator instanceValidator) {
		// A profile Rapport does not know (VhDir, a local one) is reported, not fatal: the resource
		// is still checked against the core definition of its type.
		instanceValidator.setErrorForUnknownProfiles(false);
		// References point into this server or elsewhere; their targets are not fetched.
		instanceValidator.setAssumeValidRestReferences(true);
		FhirValidator validator = fhirContext.newValidator();
		validator.setValidateAgainstStandardSchema(false);
		validator.setValidateAgainstStandardSchematron(false);
		validator.registerValidatorModule(instanceValidator);
		return validator;
	}

	/**
	 * Generates every snapshot and loads the language registry now, in the background, rather
	 * than during the first write (seconds otherwise).
	 */
	private static void warmUp(FhirValidator validator, ValidationSupportChain chain, ConformancePackage fhirPackage) {
		for (var resource : fhirPackage.resources()) {
			if (resource instanceof StructureDefinition sd) {
				chain.fetchStructureDefinition(sd.getUrl());
			}
		}
		Practitioner practitioner = new Practitioner();
		practitioner.addIdentifier().setSystem("urn:example").setValue("warm-up");
		practitioner.addName().setFamily("Warm-up");
		practitioner.addCommunication().addCoding().setSystem("urn:ietf:bcp:47").setCode("en");
		validator.validateWithResult(practitioner);
	}
}
