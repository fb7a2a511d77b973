package health.rapport.fhir.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.RapportJsonParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Practitioner;
import org.junit.jupiter.api.Test;

class JsonPrimitiveTypesTest {

	private final RapportFhirContext fhir = new RapportFhirContext(new StrictErrorHandler());

	private void refused(String json, String path) {
		assertThatThrownBy(() -> fhir.newJsonParser().parseResource(json)).isInstanceOf(DataFormatException.class)
				.hasMessageContaining("element " + path + " ");
	}

	@Test
	void aPrimitiveOfAnotherJsonTypeIsRefusedWithItsPath() {
		refused("{\"resourceType\":\"Practitioner\",\"active\":\"true\"}", "Practitioner.active");
		refused("{\"resourceType\":\"Practitioner\",\"birthDate\":19800101}", "Practitioner.birthDate");
		refused("{\"resourceType\":\"Practitioner\",\"modifierExtension\":[{\"url\":\"http://x\",\"valuePositiveInt\":\"5\"}]}",
				"Practitioner.modifierExtension[0].valuePositiveInt");
		refused("{\"resourceType\":\"Practitioner\",\"name\":[{\"given\":[\"a\",\"b\"],\"_given\":[null,{\"extension\":"
				+ "[{\"url\":\"http://x\",\"valueBoolean\":\"no\"}]}]}]}", "Practitioner.name[0]._given[1].extension[0].valueBoolean");
		refused("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"resource\":{\"resourceType\":\"Location\","
				+ "\"position\":{\"latitude\":\"1.5\",\"longitude\":2}}}]}", "Bundle.entry[0].resource.position.latitude");
		refused("{\"resourceType\":\"Practitioner\",\"contained\":[{\"resourceType\":\"Organization\",\"id\":\"o\",\"active\":1}]}",
				"Practitioner.contained[0].active");
	}

	@Test
	void primitivesOfTheirOwnJsonTypesAreRead() {
		Practitioner p = (Practitioner) fhir.newJsonParser().parseResource("{\"resourceType\":\"Practitioner\",\"id\":\"x\","
				+ "\"active\":true,\"birthDate\":\"1980-01-01\",\"extension\":[{\"url\":\"http://x\",\"valueDecimal\":5.5},"
				+ "{\"url\":\"http://y\",\"valueUnsignedInt\":3}],\"name\":[{\"given\":[\"a\",null],\"_given\":[null,"
				+ "{\"extension\":[{\"url\":\"http://x\",\"valueBoolean\":false}]}]}]}");
		Bundle b = (Bundle) fhir.newJsonParser().parseResource("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":"
				+ "[{\"resource\":{\"resourceType\":\"Location\",\"position\":{\"latitude\":1.5,\"longitude\":2}}}]}");

		assertThat(p.getActive()).isTrue();
		assertThat(p.getNameFirstRep().getGiven()).hasSize(2);
		assertThat(((Location) b.getEntryFirstRep().getResource()).getPosition().getLatitude()).isEqualByComparingTo("1.5");
	}

	/** What the store holds was checked when it was accepted: reading it back checks nothing again. */
	@Test
	void storedJsonIsReadWithoutTheChecks() {
		RapportJsonParser parser = (RapportJsonParser) fhir.newJsonParser();
		Practitioner stored = (Practitioner) parser.parseStored("{\"resourceType\":\"Practitioner\",\"active\":\"true\"}");
		assertThat(stored.getActive()).isTrue();
		refused("{\"resourceType\":\"Practitioner\",\"active\":\"true\"}", "Practitioner.active");
	}
}
