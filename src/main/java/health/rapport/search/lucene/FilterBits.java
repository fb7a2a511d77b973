package health.rapport.search.lucene;

import health.rapport.search.Clause;
import health.rapport.search.Clause.AllOf;
import health.rapport.search.Clause.AnyOf;
import health.rapport.search.Clause.AtMost;
import health.rapport.search.Clause.OneOf;
import health.rapport.search.Clause.Term;
import health.rapport.search.Clause.WithinRadius;
import health.rapport.search.ProviderFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

/**
 * A query's filters as a bit set per segment, by bit-set algebra: each keyword (field and value)
 * is read from its postings once per segment and kept, so a request's filters cost a few
 * word-wise ANDs and ORs of bit sets instead of a conjunction advancing a dozen postings lists
 * across a jurisdiction. The radius and the fee limit are checked last, on the roles every other
 * filter let through and no other branch of a choice has accepted already.
 * <p>
 * The kept sets belong to a segment's core and are dropped with it; only keywords the segment
 * holds are kept, so their number is bounded by the index's own vocabulary of filtered fields
 * (jurisdictions, languages, modalities, age bands, formats, professions, fee bands), 125 KB
 * each per million roles. Words of names are the exception: a vocabulary as large as the
 * directory, and rare words, so they are read from their postings at each request instead.
 */
final class FilterBits {

	/** The key of a segment's empty set, shared by every keyword it does not hold (no field or value has it). */
	private static final String NONE = "\u0000";

	private final Map<IndexReader.CacheKey, Map<String, FixedBitSet>> keywords = new ConcurrentHashMap<>();

	/** The live documents of the leaf that pass every filter. */
	FixedBitSet accepted(LeafReaderContext leaf, List<Clause> filters) throws IOException {
		LeafReader reader = leaf.reader();
		FixedBitSet all = new FixedBitSet(reader.maxDoc());
		all.set(0, reader.maxDoc());
		FixedBitSet accepted = within(reader, new AllOf(filters, List.of()), all);
		// Deleted documents are cleared last, from the few accepted rather than the whole segment.
		Bits live = reader.getLiveDocs();
		if (live != null) {
			for (int doc = nextSetBit(accepted, 0); doc != DocIdSetIterator.NO_MORE_DOCS; doc = nextSetBit(accepted, doc + 1)) {
				if (!live.get(doc)) {
					accepted.clear(doc);
				}
			}
		}
		return accepted;
	}

	/** The first set bit from {@code from} on, or NO_MORE_DOCS (also past the end, where FixedBitSet asserts). */
	static int nextSetBit(FixedBitSet bits, int from) {
		return from < bits.length() ? bits.nextSetBit(from) : DocIdSetIterator.NO_MORE_DOCS;
	}

	/** How many sets are kept, over all segments. */
	int kept() {
		return keywords.values().stream().mapToInt(Map::size).sum();
	}

	/** The documents of {@code context} the clause accepts (a new set; {@code context} is not changed). */
	private FixedBitSet within(LeafReader reader, Clause clause, FixedBitSet context) throws IOException {
		if (clause instanceof Term t) {
			FixedBitSet result = context.clone();
			result.and(keyword(reader, t.field(), t.value()));
			return result;
		} else if (clause instanceof AnyOf a) {
			FixedBitSet any = new FixedBitSet(reader.maxDoc());
			for (String value : a.values()) {
				any.or(keyword(reader, a.field(), value));
			}
			any.and(context);
			return any;
		} else if (clause instanceof AllOf a) {
			FixedBitSet result = context;
			for (Clause c : perDocumentLast(a.all())) {
				result = within(reader, c, result);
			}
			for (Clause c : a.none()) {
				FixedBitSet excluded = within(reader, c, result);
				result = result == context ? result.clone() : result;
				result.andNot(excluded);
			}
			return result == context ? context.clone() : result;
		} else if (clause instanceof OneOf o) {
			FixedBitSet result = new FixedBitSet(reader.maxDoc());
			FixedBitSet remaining = context.clone();
			for (Clause c : perDocumentLast(o.any())) {
				FixedBitSet hit = within(reader, c, remaining);
				result.or(hit);
				remaining.andNot(hit);
			}
			return result;
		} else if (clause instanceof WithinRadius w) {
			return sitesWithin(reader, w, context);
		} else if (clause instanceof AtMost m) {
			return atMost(reader, m, context);
		}
		throw new IllegalArgumentException("Not a filter clause: " + clause);
	}

	/** The segment's documents that have the keyword; the set is shared and must not be changed. */
	FixedBitSet keyword(LeafReader reader, String field, String value) throws IOException {
		Map<String, FixedBitSet> segment = kept(reader);
		if (ProviderFields.NAME_WORD.equals(field)) {
			FixedBitSet bits = read(reader, field, value);
			return bits != null ? bits : segment.computeIfAbsent(NONE, none -> new FixedBitSet(reader.maxDoc()));
		}
		String key = field + '\u0000' + value;
		FixedBitSet bits = segment.get(key);
		if (bits == null) {
			bits = read(reader, field, value);
			if (bits == null) {
				// Kept only for keywords the segment holds: a client's made-up codes add nothing.
				return segment.computeIfAbsent(NONE, none -> new FixedBitSet(reader.maxDoc()));
			}
			segment.put(key, bits);
		}
		return bits;
	}

	/** The sets kept for the segment's core (a map of the request's own when the reader has no core to key by). */
	private Map<String, FixedBitSet> kept(LeafReader reader) {
		IndexReader.CacheHelper core = reader.getCoreCacheHelper();
		return core == null ? new ConcurrentHashMap<>() : keywords.computeIfAbsent(core.getKey(), key -> {
			core.addClosedListener(keywords::remove);
			return new ConcurrentHashMap<>();
		});
	}

	/** The keyword's documents, or null when the segment has none. */
	private static FixedBitSet read(LeafReader reader, String field, String value) throws IOException {
		Terms terms = reader.terms(field);
		TermsEnum te = terms == null ? null : terms.iterator();
		if (te == null || !te.seekExact(new BytesRef(value))) {
			return null;
		}
		FixedBitSet bits = new FixedBitSet(reader.maxDoc());
		PostingsEnum docs = te.postings(null, PostingsEnum.NONE);
		for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
			bits.set(doc);
		}
		return bits;
	}

	private static FixedBitSet sitesWithin(LeafReader reader, WithinRadius w, FixedBitSet context) throws IOException {
		SitesWithin.Circle circle = new SitesWithin.Circle(w.point(), w.metres());
		return withValues(reader, w.field(), context, circle::containsAny);
	}

	/** Documents with a value of the field at most the limit, as {@code LongField.newRangeQuery} finds them. */
	private static FixedBitSet atMost(LeafReader reader, AtMost m, FixedBitSet context) throws IOException {
		// Sorted ascending: the first value is the smallest.
		return withValues(reader, m.field(), context, values -> values.nextValue() <= m.max());
	}

	/** A check of one document's values, the doc values positioned on it. */
	private interface ValuesTest {
		boolean test(SortedNumericDocValues values) throws IOException;
	}

	/** The documents of {@code context} with values in {@code field} that pass {@code test}. */
	private static FixedBitSet withValues(LeafReader reader, String field, FixedBitSet context, ValuesTest test)
			throws IOException {
		FixedBitSet result = new FixedBitSet(reader.maxDoc());
		SortedNumericDocValues values = DocValues.getSortedNumeric(reader, field);
		for (int doc = nextSetBit(context, 0); doc != DocIdSetIterator.NO_MORE_DOCS; doc = nextSetBit(context, doc + 1)) {
			if (values.advanceExact(doc) && test.test(values)) {
				result.set(doc);
			}
		}
		return result;
	}

	/** The radius and the fee limit read a value per document: they go last, on the fewest. */
	private static List<Clause> perDocumentLast(List<Clause> clauses) {
		List<Clause> ordered = new ArrayList<>(clauses);
		ordered.sort(Comparator.comparing(FilterBits::readsPerDocument));
		return ordered;
	}

	private static boolean readsPerDocument(Clause clause) {
		if (clause instanceof WithinRadius || clause instanceof AtMost) {
			return true;
		} else if (clause instanceof AllOf a) {
			return a.all().stream().anyMatch(FilterBits::readsPerDocument) || a.none().stream().anyMatch(FilterBits::readsPerDocument);
		} else if (clause instanceof OneOf o) {
			return o.any().stream().anyMatch(FilterBits::readsPerDocument);
		}
		return false;
	}
}
