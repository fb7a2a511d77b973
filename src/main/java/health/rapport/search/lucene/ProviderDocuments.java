package health.rapport.search.lucene;

import health.rapport.matching.GeoPoint;
import health.rapport.matching.MatchWeights;
import health.rapport.matching.ProviderProfile;
import health.rapport.matching.Registration;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.util.BytesRef;

/** One Lucene document per PractitionerRole: keyword fields for the filters, points for distance and wait. */
final class ProviderDocuments {

	static final String ID = "id";
	static final String PROFILE = "profile";
	static final String ELIGIBLE = "eligible";
	static final String POPULATION = "population";
	static final String POPULATION_SPECIALIST = "population_specialist";
	static final String FORMAT = "format";
	static final String PRESCRIBER = "prescriber";
	static final String PROFESSION = "profession";
	static final String MODALITY = "modality";
	static final String MODALITY_FAMILY = "modality_family";
	static final String LANGUAGE = "language";
	static final String IN_PERSON = "in_person";
	static final String VIRTUAL = "virtual";
	static final String PRACTISE_IN = "practise_in";
	static final String TELEHEALTH_IN = "telehealth_in";
	static final String REGISTERED = "registered";
	static final String REGISTERED_WITH_CONDITIONS = "registered_with_conditions";
	static final String GENDER = "gender";
	static final String SITE = "site";
	static final String WAIT = "wait";
	static final String YES = "T";

	private ProviderDocuments() {}

	/** The language field holding a proficiency bucket, e.g. "language_1.0". */
	static String languageField(double proficiency) {
		return LANGUAGE + "_" + proficiency;
	}

	static Document of(ProviderProfile p, MatchWeights weights) {
		Document doc = new Document();
		doc.add(new StringField(ID, p.roleId(), Field.Store.NO));
		doc.add(new SortedDocValuesField(ID, new BytesRef(p.roleId())));
		doc.add(new StoredField(PROFILE, ProfileCodec.encode(p)));
		if (p.active() && p.acceptingNewClients()) {
			keyword(doc, ELIGIBLE, YES);
		}
		p.populations().forEach(v -> keyword(doc, POPULATION, v));
		if (p.populations().size() <= 2) {
			p.populations().forEach(v -> keyword(doc, POPULATION_SPECIALIST, v));
		}
		p.formats().forEach(v -> keyword(doc, FORMAT, v));
		if (p.prescriber()) {
			keyword(doc, PRESCRIBER, YES);
		}
		p.professions().forEach(v -> keyword(doc, PROFESSION, v));
		p.professionFamilies().forEach(v -> keyword(doc, PROFESSION, v));
		p.modalities().forEach(v -> keyword(doc, MODALITY, v));
		p.modalityFamilies().forEach(v -> keyword(doc, MODALITY_FAMILY, v));
		for (Map.Entry<String, Double> language : p.languages().entrySet()) {
			keyword(doc, LANGUAGE, language.getKey());
			keyword(doc, languageField(language.getValue()), language.getKey());
		}
		if (p.inPerson()) {
			keyword(doc, IN_PERSON, YES);
		}
		if (p.virtual()) {
			keyword(doc, VIRTUAL, YES);
		}
		p.practiseIn().forEach(v -> keyword(doc, PRACTISE_IN, v));
		p.telehealthIn().forEach(v -> keyword(doc, TELEHEALTH_IN, v));
		for (Registration r : p.registrations()) {
			if (r.mayPractise()) {
				keyword(doc, r.withConditions() ? REGISTERED_WITH_CONDITIONS : REGISTERED, r.jurisdiction());
			}
		}
		if (p.gender() != null) {
			keyword(doc, GENDER, p.gender());
		}
		for (GeoPoint site : p.sites()) {
			doc.add(new LatLonPoint(SITE, site.lat(), site.lon()));
			doc.add(new LatLonDocValuesField(SITE, site.lat(), site.lon()));
		}
		doc.add(new LongField(WAIT, p.waitDays() == null ? weights.unknownWaitDays() : p.waitDays(), Field.Store.NO));
		return doc;
	}

	private static void keyword(Document doc, String field, String value) {
		doc.add(new StringField(field, value, Field.Store.NO));
	}
}
