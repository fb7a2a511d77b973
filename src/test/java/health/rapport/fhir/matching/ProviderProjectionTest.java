package health.rapport.fhir.matching;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import health.rapport.fhir.conformance.CodeHierarchy;
import health.rapport.fhir.conformance.ConformancePackage;
import health.rapport.matching.Fee;
import health.rapport.matching.PractiseRights;
import health.rapport.matching.ProviderProfile;
import java.math.BigDecimal;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.VerificationResult;
import org.junit.jupiter.api.Test;

/** The projection reads Rapport's extensions and the NDH / Plan-Net forms of the same facts. */
class ProviderProjectionTest {

	private static final String R = "https://rapport.health/fhir/StructureDefinition/";
	private static final FhirContext FHIR = FhirContext.forR4();
	private static final ProviderProjection PROJECTION = new ProviderProjection(
			new CodeHierarchy(new ConformancePackage(FHIR)), PractiseRights.load(), ProviderProjection.ObservedWaits.NONE);

	private static CodeableConcept concept(String system, String code) {
		return new CodeableConcept(new Coding(system, code, null));
	}

	private static PractitionerRole role() {
		PractitionerRole role = new PractitionerRole().setPractitioner(new Reference("Practitioner/p1"));
		role.setId("r1");
		role.addCode(concept("http://nucc.org/provider-taxonomy", "103T00000X"));
		role.addSpecialty(concept("http://nucc.org/provider-taxonomy", "103TC0700X"));
		role.addExtension(R + "modality", concept("https://rapport.health/fhir/CodeSystem/modality", "tf-cbt"));
		return role;
	}

	private static Practitioner practitioner() {
		Practitioner p = new Practitioner();
		p.addName().setFamily("Morales").addGiven("Ana");
		CodeableConcept spanish = concept("urn:ietf:bcp:47", "es");
		spanish.addExtension("http://hl7.org/fhir/us/ndh/StructureDefinition/base-ext-communication-proficiency",
				concept("http://terminology.hl7.org/CodeSystem/v3-LanguageAbilityProficiency", "G"));
		p.addCommunication(spanish);
		p.addCommunication(concept("urn:ietf:bcp:47", "en"));
		var qualification = p.addQualification();
		qualification.addExtension(R + "registration-status",
				concept("https://rapport.health/fhir/CodeSystem/registration-status", "registered"));
		qualification.addExtension(R + "jurisdiction", concept("urn:iso:std:iso:3166:-2", "US-CA"));
		return p;
	}

	@Test
	void readsRapportsExtensions() {
		PractitionerRole role = role();
		role.addExtension(R + "accepting-new-clients", new BooleanType(true));
		role.addExtension(R + "delivery-method", concept("https://rapport.health/fhir/CodeSystem/delivery-method", "virtual"));
		role.addExtension(R + "typical-wait", new Duration().setValue(2).setCode("wk"));
		role.addExtension(R + "fee", new Money().setValue(new BigDecimal("120.50")).setCurrency("USD"));
		role.addExtension(R + "sliding-scale", new BooleanType(true));
		Location site = new Location();
		site.getPosition().setLatitude(36.74).setLongitude(-119.79);

		ProviderProfile p = PROJECTION.project(role, practitioner(), List.of(site), List.of());

		assertThat(p.acceptingNewClients()).isTrue();
		assertThat(p.virtual()).isTrue();
		assertThat(p.inPerson()).isFalse();
		assertThat(p.waitDays()).isEqualTo(14);
		assertThat(p.professionFamilies()).containsExactly("103T00000X");
		assertThat(p.modalityFamilies()).contains("cognitive-behavioural", "trauma-focused");
		assertThat(p.languages()).containsEntry("es", 0.7).containsEntry("en", 0.7);
		assertThat(p.practiseIn()).contains("US-CA");
		assertThat(p.telehealthIn()).contains("US-CA").doesNotContain("US-TX");
		assertThat(p.name()).isEqualTo("Ana Morales");
		assertThat(p.fee()).isEqualTo(new Fee(new BigDecimal("120.50"), "USD"));
		assertThat(p.slidingScale()).isTrue();
	}

	@Test
	void noFeeWhenNoneIsStatedOrItLacksACurrency() {
		assertThat(PROJECTION.project(role(), practitioner(), List.of(), List.of()).fee()).isNull();
		PractitionerRole role = role();
		role.addExtension(R + "fee", new Money().setValue(new BigDecimal("90")));
		role.addExtension(R + "sliding-scale", new BooleanType(false));

		ProviderProfile p = PROJECTION.project(role, practitioner(), List.of(), List.of());

		assertThat(p.fee()).isNull();
		assertThat(p.slidingScale()).isFalse();
	}

	@Test
	void readsTheNdhAndPlanNetForms() {
		PractitionerRole role = role();
		Extension newPatients = role.addExtension().setUrl("http://hl7.org/fhir/us/ndh/StructureDefinition/base-ext-newpatients");
		newPatients.addExtension("acceptingPatients", concept("http://hl7.org/fhir/us/ndh/CodeSystem/AcceptingPatientsCS", "newpt"));
		Extension delivery = role.addExtension().setUrl("http://hl7.org/fhir/us/ndh/StructureDefinition/base-ext-delivery-method");
		delivery.addExtension("deliveryMethodtype", concept("http://hl7.org/fhir/us/ndh/CodeSystem/DeliveryMethodCS", "physical"));

		ProviderProfile p = PROJECTION.project(role, practitioner(), List.of(), List.of());

		assertThat(p.acceptingNewClients()).isTrue();
		assertThat(p.inPerson()).isTrue();
		assertThat(p.virtual()).isFalse();
	}

	@Test
	void theRegulatorsVerificationResultOutranksThePractitionersOwnStatement() {
		VerificationResult suspension = new VerificationResult();
		suspension.addExtension(R + "registration-status", concept("https://rapport.health/fhir/CodeSystem/registration-status", "suspended"));
		suspension.addExtension(R + "jurisdiction", concept("urn:iso:std:iso:3166:-2", "US-CA"));

		ProviderProfile p = PROJECTION.project(role(), practitioner(), List.of(), List.of(suspension));

		assertThat(p.registrationIn("US-CA").status()).isEqualTo("suspended");
		assertThat(p.practiseIn()).doesNotContain("US-CA");
		assertThat(p.acceptingNewClients()).as("not stated: no referrals").isFalse();
	}

	@Test
	void aPlanNetRoleNotTakingNewPatientsIsNotAccepting() {
		PractitionerRole role = role();
		Extension newPatients = role.addExtension().setUrl("http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/newpatients");
		newPatients.addExtension("acceptingPatients", concept("http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/AcceptingPatientsCS", "nopt"));

		assertThat(PROJECTION.project(role, practitioner(), List.of(), List.of()).acceptingNewClients()).isFalse();
	}
}
