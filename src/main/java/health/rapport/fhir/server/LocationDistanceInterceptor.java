package health.rapport.fhir.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Distance;

/**
 * Reports each Location's distance from the point of a {@code near} search in its entry, as the
 * FHIR {@code location-distance} extension on {@code Bundle.entry.search}.
 */
class LocationDistanceInterceptor {

	static final String LOCATION_DISTANCE = "http://hl7.org/fhir/StructureDefinition/location-distance";

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean addDistances(IBaseResource response) {
		if (response instanceof Bundle bundle && bundle.getType() == Bundle.BundleType.SEARCHSET) {
			for (BundleEntryComponent entry : bundle.getEntry()) {
				Object km = entry.getResource() == null ? null : entry.getResource().getUserData(SearchResults.DISTANCE_KM);
				if (km instanceof Double distance) {
					Distance value = new Distance();
					value.setValue(Math.round(distance * 1000) / 1000.0).setUnit("km").setSystem("http://unitsofmeasure.org")
							.setCode("km");
					entry.getSearch().addExtension(LOCATION_DISTANCE, value);
				}
			}
		}
		return true;
	}
}
