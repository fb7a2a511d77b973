package health.rapport.search.lucene;

import health.rapport.matching.DirectoryFacet;
import health.rapport.matching.GeoPoint;
import health.rapport.matching.MatchWeights;
import health.rapport.matching.ProviderProfile;
import health.rapport.search.ProfileCodec;
import health.rapport.search.ProviderFields;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Map;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.util.BytesRef;

/** One Lucene document per PractitionerRole, from {@link ProviderFields}: keyword fields, points for distance, wait and fee. */
final class ProviderDocuments {

	/** The jurisdiction the index is sorted by, so that a jurisdiction's roles lie together. */
	static final String HOME = "home_jurisdiction";

	/** The sync version that wrote the document (doc values), so an older change never overwrites it. */
	static final String VERSION = "version";

	static final Set<String> FACET_FIELDS = Arrays.stream(DirectoryFacet.values()).map(ProviderFields::facetField)
			.collect(Collectors.toUnmodifiableSet());

	private ProviderDocuments() {}

	/**
	 * Where a role mostly takes clients: the first jurisdiction it practises in, else the first it
	 * offers telehealth into. Every match query filters on a jurisdiction; with the index sorted
	 * by this one, the roles a request accepts lie together, and {@link TopCandidates} scores only
	 * the windows of the index that hold some of them.
	 */
	static String home(ProviderProfile p) {
		return p.practiseIn().stream().sorted().findFirst().or(() -> p.telehealthIn().stream().sorted().findFirst()).orElse("");
	}

	static Document of(ProviderProfile p, MatchWeights weights, long version) {
		Document doc = new Document();
		doc.add(new StringField(ProviderFields.ID, p.roleId(), Field.Store.NO));
		doc.add(new SortedDocValuesField(ProviderFields.ID, new BytesRef(p.roleId())));
		doc.add(new BinaryDocValuesField(ProviderFields.PROFILE, new BytesRef(ProfileCodec.encode(p))));
		doc.add(new NumericDocValuesField(VERSION, version));
		doc.add(new SortedDocValuesField(HOME, new BytesRef(home(p))));
		for (Map.Entry<String, List<String>> field : ProviderFields.keywords(p).entrySet()) {
			boolean facet = FACET_FIELDS.contains(field.getKey());
			for (String value : field.getValue()) {
				doc.add(new StringField(field.getKey(), value, Field.Store.NO));
				if (facet) {
					// Doc values to count facets from, without reading stored fields.
					doc.add(new SortedSetDocValuesField(field.getKey(), new BytesRef(value)));
				}
			}
		}
		if (p.waitDays() != null) {
			doc.add(new NumericDocValuesField(ProviderFields.WAIT_DAYS, p.waitDays()));
		}
		if (p.fee() != null) {
			doc.add(new LongField(ProviderFields.FEE_CENTS, p.fee().cents(), Field.Store.NO));
		}
		for (GeoPoint site : p.sites()) {
			doc.add(new LatLonPoint(ProviderFields.SITE, site.lat(), site.lon()));
			doc.add(new LatLonDocValuesField(ProviderFields.SITE, site.lat(), site.lon()));
		}
		doc.add(new LongField(ProviderFields.WAIT, ProviderFields.waitDays(p, weights), Field.Store.NO));
		return doc;
	}
}
