package health.rapport.matching;

/** A point on the Earth, in degrees. */
public record GeoPoint(double lat, double lon) {

	private static final double EARTH_RADIUS_KM = 6371.0088;

	/** Great-circle (haversine) distance in kilometres. */
	public double kilometresTo(GeoPoint other) {
		double dLat = Math.toRadians(other.lat - lat);
		double dLon = Math.toRadians(other.lon - lon);
		double a = Math.pow(Math.sin(dLat / 2), 2)
				+ Math.cos(Math.toRadians(lat)) * Math.cos(Math.toRadians(other.lat)) * Math.pow(Math.sin(dLon / 2), 2);
		return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
	}
}
