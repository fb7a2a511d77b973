package health.rapport.search;

import static health.rapport.search.ProviderFields.*;

import health.rapport.matching.DirectoryFacet;
import health.rapport.matching.DirectoryQuery;
import health.rapport.matching.Fee;
import health.rapport.search.Clause.AnyOf;
import health.rapport.search.Clause.AtMost;
import health.rapport.search.Clause.Constant;
import health.rapport.search.Clause.OneOf;
import health.rapport.search.Clause.Term;
import health.rapport.search.Clause.WithinRadius;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Compiles a {@link DirectoryQuery} into one engine-neutral query, as {@link MatchQueryPlan} does
 * for matching: every filter as a filter clause on the keyword fields of {@link ProviderFields},
 * and the text as one constant-score clause per word, so that the relevance of a role is the number
 * of the text's words its name has, exactly, on either engine. The maximum fee is a range on the
 * fee in cents. Sorting and facet counting are the
 * adapters' (a sort field and a terms count per {@link DirectoryFacet} field).
 */
public final class DirectoryQueryPlan {

	private DirectoryQueryPlan() {}

	public static Clause.Query compile(DirectoryQuery q) {
		List<Clause> filters = new ArrayList<>();
		filters.add(new Term(ACTIVE, YES));
		List<Clause> scores = new ArrayList<>();
		List<String> words = DirectoryQuery.words(q.text());
		if (q.text() != null) {
			// Text with no word in it (only punctuation) finds nothing rather than everything.
			filters.add(words.isEmpty() ? new AnyOf(NAME_WORD, List.of()) : new AnyOf(NAME_WORD, words));
			words.forEach(w -> scores.add(new Constant(new Term(NAME_WORD, w), 1)));
		}
		anyOf(filters, PROFESSION, q.professions());
		if (!q.modalities().isEmpty()) {
			filters.add(new OneOf(List.of(new AnyOf(MODALITY, q.modalities()), new AnyOf(MODALITY_FAMILY, q.modalities()))));
		}
		anyOf(filters, POPULATION, q.populations());
		anyOf(filters, FORMAT, q.formats());
		anyOf(filters, LANGUAGE, q.languages());
		anyOf(filters, JURISDICTION, q.jurisdictions());
		anyOf(filters, DELIVERY, q.delivery());
		if (q.acceptingOnly()) {
			filters.add(new Term(ACCEPTING, DirectoryFacet.YES));
		}
		if (q.maxFee() != null) {
			filters.add(new AtMost(FEE_CENTS, Fee.limitCents(q.maxFee())));
		}
		if (q.slidingScaleOnly()) {
			filters.add(new Term(SLIDING_SCALE, DirectoryFacet.YES));
		}
		if (q.radiusKm() != null) {
			filters.add(new WithinRadius(SITE, q.near(), q.radiusKm() * 1000));
		}
		return new Clause.Query(filters, scores);
	}

	private static void anyOf(List<Clause> filters, String field, Collection<String> values) {
		if (!values.isEmpty()) {
			filters.add(new AnyOf(field, values));
		}
	}
}
