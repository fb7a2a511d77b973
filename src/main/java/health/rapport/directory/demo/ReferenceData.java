package health.rapport.directory.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The public reference data the demo directory draws on (see {@code reference-data/SOURCES.md}):
 * census surnames, SSA first names, city coordinates and NUCC taxonomy display names.
 */
public record ReferenceData(List<Weighted<String>> surnames, List<Weighted<String>> femaleNames,
		List<Weighted<String>> maleNames, List<City> cities, Map<String, String> taxonomyNames) {

	/** A value and its frequency, for weighted draws. */
	public record Weighted<T>(T value, double weight) {}

	/** A city and the ISO 3166-2 jurisdiction it lies in. */
	public record City(String name, String jurisdiction, String state, String country, double lat, double lon,
			long population) {}

	public static ReferenceData load() {
		List<Weighted<String>> surnames = new ArrayList<>();
		for (String[] row : csv("census-2010-surnames-top1000.csv")) {
			surnames.add(new Weighted<>(titleCase(row[0]), Double.parseDouble(row[2])));
		}
		List<Weighted<String>> female = new ArrayList<>();
		List<Weighted<String>> male = new ArrayList<>();
		for (String[] row : csv("ssa-2023-first-names-top500.csv")) {
			(row[1].equals("F") ? female : male).add(new Weighted<>(row[0], Double.parseDouble(row[2])));
		}
		List<City> cities = new ArrayList<>();
		for (String[] row : csv("us-cities.csv")) {
			cities.add(new City(row[0], "US-" + row[1], row[1], "US", Double.parseDouble(row[2]),
					Double.parseDouble(row[3]), Long.parseLong(row[4])));
		}
		for (String[] row : csv("world-cities-sample.csv")) {
			cities.add(new City(row[0], row[1] + "-" + row[2], row[2], row[1], Double.parseDouble(row[4]),
					Double.parseDouble(row[5]), Long.parseLong(row[6])));
		}
		Map<String, String> taxonomy = new HashMap<>();
		for (String[] row : csv("nucc-behavioral-health.csv")) {
			taxonomy.put(row[0], row[4]);
		}
		return new ReferenceData(surnames, female, male, cities, taxonomy);
	}

	private static List<String[]> csv(String file) {
		try (InputStream in = ReferenceData.class.getResourceAsStream("/reference-data/" + file);
				BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			return reader.lines().skip(1).filter(l -> !l.isBlank()).map(ReferenceData::split).toList();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Splits one CSV line, honouring double quotes (some names contain commas). */
	private static String[] split(String line) {
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (char c : line.toCharArray()) {
			if (c == '"') {
				quoted = !quoted;
			} else if (c == ',' && !quoted) {
				fields.add(field.toString());
				field.setLength(0);
			} else {
				field.append(c);
			}
		}
		fields.add(field.toString());
		return fields.toArray(String[]::new);
	}

	private static String titleCase(String upper) {
		return upper.charAt(0) + upper.substring(1).toLowerCase(Locale.ROOT);
	}
}
