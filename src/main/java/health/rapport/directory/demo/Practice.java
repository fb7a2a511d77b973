package health.rapport.directory.demo;

import health.rapport.directory.demo.ReferenceData.City;
import java.util.Locale;

/** A practice of the demo directory: where it is, and the ids of its resources. */
record Practice(int index, String name, City city, double lat, double lon, String street, String postalCode) {

	String organizationId() {
		return "practice-" + index;
	}

	String locationId() {
		return "practice-" + index + "-site";
	}

	String endpointId() {
		return "practice-" + index + "-fhir";
	}

	String serviceId() {
		return "practice-" + index + "-therapy";
	}

	static String areaId(String jurisdiction) {
		return "area-" + jurisdiction.toLowerCase(Locale.ROOT);
	}

	static String regulatorId(String jurisdiction, Profession.Board board) {
		return "regulator-" + jurisdiction.toLowerCase(Locale.ROOT) + "-" + board.name().toLowerCase(Locale.ROOT);
	}
}
