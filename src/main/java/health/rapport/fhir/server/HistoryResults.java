package health.rapport.fhir.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntryTransactionMethodEnum;
import health.rapport.fhir.store.ResourceStore;
import health.rapport.fhir.store.ResourceStore.HistoryVersion;
import health.rapport.fhir.store.StoredVersion;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;

/** Versions of one resource, or of every resource of a type, newest first, deletions included. */
final class HistoryResults extends PagedResults {

	private final String type;
	private final String id;
	private final Long since;
	private final ResourceStore store;
	private final ResourceCodec codec;
	private final FhirContext fhirContext;
	private Integer size;

	HistoryResults(String type, String id, Date since, ResourceStore store, ResourceCodec codec, FhirContext fhirContext) {
		this.type = type;
		this.id = id;
		this.since = since == null ? null : since.getTime();
		this.store = store;
		this.codec = codec;
		this.fhirContext = fhirContext;
	}

	@Override
	public List<IBaseResource> getResources(int from, int to) {
		return store.history(type, id, since, published.getValue().getTime(), from, to - from).stream().map(this::entry).toList();
	}

	private IBaseResource entry(HistoryVersion entry) {
		StoredVersion v = entry.version();
		IBaseResource resource;
		BundleEntryTransactionMethodEnum method;
		if (v.deleted()) {
			resource = fhirContext.getResourceDefinition(v.type()).newInstance();
			resource.setId(new IdType(v.type(), v.id(), Integer.toString(v.version())));
			method = BundleEntryTransactionMethodEnum.DELETE;
		} else {
			resource = codec.decode(v);
			method = v.version() == 1 && !entry.createdByPut() ? BundleEntryTransactionMethodEnum.POST
					: BundleEntryTransactionMethodEnum.PUT;
		}
		ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD.put(resource, method);
		return resource;
	}

	@Override
	public Integer size() {
		if (size == null) {
			size = Math.toIntExact(store.countHistory(type, id, since, published.getValue().getTime()));
		}
		return size;
	}
}
