package health.rapport.search.lucene;

import health.rapport.matching.GeoPoint;
import java.io.IOException;
import java.util.Objects;
import org.apache.lucene.geo.GeoEncodingUtils;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;

/**
 * Roles with a site within {@code metres} of a point, checked on the sites' doc values
 * ({@code LatLonDocValuesField}) with the scorer's own haversine. Lucene's point distance query
 * precomputes a grid of cell relations for every query it builds, which cost more than a whole
 * match on a directory of thousands; here the check is made only for the roles every cheaper
 * filter has let through (a two-phase iterator), at a few arithmetic operations each.
 */
final class SitesWithin extends Query {

	private final String field;
	private final GeoPoint point;
	private final double metres;

	SitesWithin(String field, GeoPoint point, double metres) {
		this.field = field;
		this.point = point;
		this.metres = metres;
	}

	@Override
	public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
		Circle circle = new Circle(point, metres);
		return new ConstantScoreWeight(this, boost) {
			@Override
			public Scorer scorer(LeafReaderContext context) throws IOException {
				SortedNumericDocValues sites = DocValues.getSortedNumeric(context.reader(), field);
				TwoPhaseIterator within = new TwoPhaseIterator(sites) {
					@Override
					public boolean matches() throws IOException {
						return circle.containsAny(sites);
					}

					@Override
					public float matchCost() {
						return 100;
					}
				};
				return new ConstantScoreScorer(this, score(), scoreMode, within);
			}

			@Override
			public boolean isCacheable(LeafReaderContext context) {
				return DocValues.isCacheable(context, field);
			}
		};
	}

	/**
	 * The circle, with the box around it: most sites outside the circle are told by two
	 * comparisons, without the haversine. The box is worked out once per query, not per site.
	 */
	static final class Circle {

		private static final double KM_PER_DEGREE_LAT = 110.5;

		private final GeoPoint centre;
		private final double km;
		private final double dLat;
		private final double dLon;

		Circle(GeoPoint centre, double metres) {
			this.centre = centre;
			this.km = metres / 1000;
			// A degree of latitude is at least 110.5 km; of longitude, that times cos(latitude) at the box's far edge.
			this.dLat = km / KM_PER_DEGREE_LAT;
			double farLat = Math.min(89.9, Math.abs(centre.lat()) + dLat);
			this.dLon = km / (KM_PER_DEGREE_LAT * Math.cos(Math.toRadians(farLat)));
		}

		/** Whether any of the sites of the document {@code sites} is positioned on lies inside. */
		boolean containsAny(SortedNumericDocValues sites) throws IOException {
			for (int i = sites.docValueCount(); i > 0; i--) {
				long encoded = sites.nextValue();
				double lat = GeoEncodingUtils.decodeLatitude((int) (encoded >>> 32));
				double lon = GeoEncodingUtils.decodeLongitude((int) encoded);
				if (Math.abs(lat - centre.lat()) > dLat || (dLon < 180 && Math.abs(lon - centre.lon()) > dLon
						&& 360 - Math.abs(lon - centre.lon()) > dLon)) {
					continue;
				}
				if (centre.kilometresTo(new GeoPoint(lat, lon)) <= km) {
					return true;
				}
			}
			return false;
		}
	}

	@Override
	public void visit(QueryVisitor visitor) {
		if (visitor.acceptField(field)) {
			visitor.visitLeaf(this);
		}
	}

	@Override
	public String toString(String defaultField) {
		return field + " within " + metres + " m of " + point;
	}

	@Override
	public boolean equals(Object other) {
		return sameClassAs(other) && field.equals(((SitesWithin) other).field) && point.equals(((SitesWithin) other).point)
				&& metres == ((SitesWithin) other).metres;
	}

	@Override
	public int hashCode() {
		return Objects.hash(classHash(), field, point, metres);
	}
}
