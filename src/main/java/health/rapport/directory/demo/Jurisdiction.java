package health.rapport.directory.demo;

import java.util.List;

/** A jurisdiction of the demo directory: ISO 3166-2 code, name, and its share of practices. */
record Jurisdiction(String code, String name, double weight) {

	static final List<Jurisdiction> DEMO = List.of(
			new Jurisdiction("US-CA", "California", 12), new Jurisdiction("US-NY", "New York", 8),
			new Jurisdiction("US-TX", "Texas", 9), new Jurisdiction("US-FL", "Florida", 7),
			new Jurisdiction("US-IL", "Illinois", 4), new Jurisdiction("US-WA", "Washington", 3),
			new Jurisdiction("US-MA", "Massachusetts", 3), new Jurisdiction("US-CO", "Colorado", 2.5),
			new Jurisdiction("US-AZ", "Arizona", 2.5), new Jurisdiction("US-GA", "Georgia", 3),
			new Jurisdiction("US-PA", "Pennsylvania", 4), new Jurisdiction("US-OR", "Oregon", 1.5),
			new Jurisdiction("GB-ENG", "England", 8), new Jurisdiction("GB-SCT", "Scotland", 1.5),
			new Jurisdiction("CA-ON", "Ontario", 4), new Jurisdiction("CA-BC", "British Columbia", 2),
			new Jurisdiction("AU-NSW", "New South Wales", 2.5), new Jurisdiction("AU-VIC", "Victoria", 2));

	String country() {
		return code.substring(0, 2);
	}

	String state() {
		return code.substring(3);
	}
}
