package health.rapport.search.elasticsearch;

import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import health.rapport.matching.GeoPoint;
import health.rapport.matching.MatchWeights;
import health.rapport.matching.ProviderProfile;
import health.rapport.search.ProfileCodec;
import health.rapport.search.ProviderFields;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The explicit mapping of a provider document, and the document of a profile, both from {@link ProviderFields}. */
final class ElasticsearchDocuments {

	static final String NAME = "name";
	static final String INDEXED_AT = "indexed_at";

	private ElasticsearchDocuments() {}

	/** Strict: a field the mapping does not name is refused, so a typo cannot create an unindexed field. */
	static TypeMapping mapping() {
		Map<String, Property> properties = new LinkedHashMap<>();
		properties.put(ProviderFields.ID, Property.of(p -> p.keyword(k -> k)));
		ProviderFields.keywordFieldNames().forEach(f -> properties.put(f, Property.of(p -> p.keyword(k -> k))));
		properties.put(NAME, Property.of(p -> p.text(t -> t)));
		properties.put(ProviderFields.SITE, Property.of(p -> p.geoPoint(g -> g)));
		// The wait as a date that many days after the epoch: distance_feature decays over dates, not numbers.
		properties.put(ProviderFields.WAIT, Property.of(p -> p.date(d -> d.format("epoch_millis"))));
		// The stated wait only (absent when none is stated), for the directory's shortest-wait order.
		properties.put(ProviderFields.WAIT_DAYS, Property.of(p -> p.integer(i -> i)));
		// The stated fee in cents (absent when none is stated), for the maximum-fee filter.
		properties.put(ProviderFields.FEE_CENTS, Property.of(p -> p.long_(l -> l)));
		properties.put(INDEXED_AT, Property.of(p -> p.date(d -> d)));
		// Read back only to re-score candidates exactly; neither indexed nor in doc values.
		properties.put(ProviderFields.PROFILE, Property.of(p -> p.binary(b -> b)));
		return TypeMapping.of(m -> m.dynamic(DynamicMapping.Strict).properties(properties));
	}

	static Map<String, Object> of(ProviderProfile p, MatchWeights weights, long indexedAt) {
		Map<String, Object> doc = new LinkedHashMap<>();
		doc.put(ProviderFields.ID, p.roleId());
		doc.putAll(ProviderFields.keywords(p));
		doc.put(NAME, p.name());
		List<List<Double>> sites = p.sites().stream().map(ElasticsearchDocuments::lonLat).toList();
		if (!sites.isEmpty()) {
			doc.put(ProviderFields.SITE, sites);
		}
		long waitDays = ProviderFields.waitDays(p, weights);
		doc.put(ProviderFields.WAIT, Duration.ofDays(waitDays).toMillis());
		if (p.waitDays() != null) {
			doc.put(ProviderFields.WAIT_DAYS, p.waitDays());
		}
		if (p.fee() != null) {
			doc.put(ProviderFields.FEE_CENTS, p.fee().cents());
		}
		doc.put(INDEXED_AT, indexedAt);
		doc.put(ProviderFields.PROFILE, Base64.getEncoder().encodeToString(ProfileCodec.encode(p)));
		return doc;
	}

	/** GeoJSON order, as Elasticsearch reads an array. */
	private static List<Double> lonLat(GeoPoint point) {
		return List.of(point.lon(), point.lat());
	}

	/** What a search reads back of a document. */
	record Source(String profile) {

		ProviderProfile decode() {
			byte[] bytes = Base64.getDecoder().decode(profile);
			return ProfileCodec.decode(bytes, 0, bytes.length);
		}
	}
}
