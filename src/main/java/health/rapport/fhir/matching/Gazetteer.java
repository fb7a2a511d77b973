package health.rapport.fhir.matching;

import health.rapport.directory.demo.ReferenceData;
import health.rapport.matching.GeoPoint;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Where a client's town is: the coordinates of the cities in Rapport's reference data, by jurisdiction. */
@Component
public class Gazetteer {

	private final Map<String, GeoPoint> cities = new HashMap<>();

	public Gazetteer() {
		for (ReferenceData.City city : ReferenceData.load().cities()) {
			cities.putIfAbsent(key(city.jurisdiction(), city.name()), new GeoPoint(city.lat(), city.lon()));
		}
	}

	public Optional<GeoPoint> locate(String jurisdiction, String city) {
		return city == null ? Optional.empty() : Optional.ofNullable(cities.get(key(jurisdiction, city)));
	}

	private static String key(String jurisdiction, String city) {
		return jurisdiction + "|" + city.trim().toLowerCase(Locale.ROOT);
	}
}
